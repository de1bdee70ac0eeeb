/**
 * The executor's `breaker` option: resolved (on by default), validated, and wired to the `onBreaker` hook.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import { keyOrigin, redactKey } from '../breaker/key.js';
import { breakerFromSettings } from '../breaker/memory.js';
import { BREAKER_DEFAULTS, type Invalid, resolveBreakerOptions } from '../breaker/options.js';
import type { Breaker, BreakerChange, BreakerListener } from '../breaker/types.js';
import { isPlainObject } from '../plain.js';
import type { Clock } from '../time.js';
import type { BreakerEvent, ExecutorEvents } from './events.js';
import { defaultLimiterKey } from './limits.js';
import type { ExecutorOptions } from './options.js';

/** The executor's breaker: the store, how a request's key is found without a limiter, and the event hook. */
export interface BreakerWiring {
  readonly breaker: Breaker;
  /** True when the executor built the breaker on its own clock (its reads can be shared). */
  readonly ownClock: boolean;
  readonly key: (http: AxiosInstance, config: AxiosRequestConfig) => string;
  readonly notify: BreakerListener | undefined;
}

function isBreaker(x: unknown): x is Breaker {
  const b = x as Partial<Breaker> | null;
  return typeof b === 'object' && b !== null && typeof b.admit === 'function' && typeof b.record === 'function' && typeof b.blocked === 'function' && typeof b.openSignal === 'function';
}

/** The event for a change: the key without userinfo, its origin, frozen. */
export function breakerEvent(c: BreakerChange): BreakerEvent {
  const { key, ...rest } = c;
  return Object.freeze({ key: redactKey(key), origin: keyOrigin(key), ...rest });
}

/** Resolves `options.breaker` (on by default). `fail` throws the executor's TypeError for `breaker.<option>`. */
export function resolveBreaker(o: ExecutorOptions, clock: Clock, fail: Invalid): BreakerWiring | undefined {
  const b = o.breaker;
  if (b === false) return undefined;
  let breaker: Breaker;
  let ownClock = true;
  if (b === undefined) breaker = breakerFromSettings(BREAKER_DEFAULTS, clock);
  else if (isBreaker(b)) {
    breaker = b;
    ownClock = false;
  }
  else if (isPlainObject(b) && 'admit' in b) return fail('breaker', 'a breaker with admit, blocked, record and openSignal functions', b);
  else if (isPlainObject(b)) breaker = breakerFromSettings(resolveBreakerOptions(b, (opt, rule, v) => fail(`breaker.${opt}`, rule, v)), clock);
  else return fail('breaker', 'breaker options ({ failureRatio, minimumCalls, windowCalls, windowMs, openMs, halfOpenProbes }), a breaker (memoryBreaker(), redisBreaker({ client })) or false', b);
  const userKey = o.limiterKey;
  const hook: ExecutorEvents['onBreaker'] = o.onBreaker;
  return {
    breaker,
    ownClock,
    key: userKey ? (_http, config) => userKey(config) : defaultLimiterKey,
    notify: hook ? (c) => hook(breakerEvent(c)) : undefined,
  };
}
