/**
 * `memoryBreaker`: one circuit per key in this process. The executor's default.
 * @module
 */
import { setMaxListeners } from 'node:events';
import { invalid, checkObject, timeOptions } from '../limiter/validate.js';
import { systemClock, type Clock } from '../time.js';
import { admitStep, afterProbe, afterWindow, changeOf, CLOSED, rejection, type Circuit } from './machine.js';
import { type BreakerOptions, type BreakerSettings, resolveBreakerOptions } from './options.js';
import type { Admitted, Breaker, BreakerListener } from './types.js';
import { OutcomeWindow } from './window.js';

/**
 * Options of `memoryBreaker`: the thresholds and a clock.
 * @example
 * ```ts
 * memoryBreaker({ failureRatio: 0.5, minimumCalls: 20, openMs: 5_000 });
 * ```
 */
export interface MemoryBreakerOptions extends BreakerOptions {
  /** Time source. @default systemClock */
  readonly clock?: Clock;
}

/** A send may go (shared, frozen: the fast path allocates nothing). */
export const GO: Admitted = Object.freeze({ ok: true, probe: false });
/** A send may go as a probe. */
export const PROBE: Admitted = Object.freeze({ ok: true, probe: true });

/** Why a wait for a retry was cut short: the circuit opened. */
export class CircuitOpened extends Error {
  override readonly name = 'CircuitOpened';
}

interface Entry {
  circuit: Circuit;
  readonly window: OutcomeWindow;
  opened: AbortController | undefined;
}

const MAX_KEYS = 1024;

/** An in-process breaker from validated settings (the executor builds its default one this way). */
export function breakerFromSettings(s: BreakerSettings, clock: Clock = systemClock): Breaker {
  const entries = new Map<string, Entry>();

  const entry = (key: string): Entry => {
    let e = entries.get(key);
    if (e === undefined) {
      if (entries.size >= MAX_KEYS) prune(clock.now());
      e = { circuit: CLOSED, window: new OutcomeWindow(s), opened: undefined };
      entries.set(key, e);
    }
    return e;
  };

  /** Forgets closed circuits with an empty window: they hold nothing a new entry would not. */
  const prune = (now: number): void => {
    for (const [k, e] of entries) {
      if (e.circuit.state !== 'closed') continue;
      e.window.tally(now);
      if (e.window.calls === 0) entries.delete(k);
    }
  };

  const move = (key: string, e: Entry, next: Circuit, notify: BreakerListener | undefined): void => {
    const change = changeOf(key, e.circuit, next);
    e.circuit = next;
    if (change === undefined) return;
    if (next.state === 'open' && e.opened) {
      e.opened.abort(new CircuitOpened(`the circuit for this key opened`));
      e.opened = undefined;
    }
    if (next.state === 'closed') e.window.reset();
    notify?.(Object.freeze(change));
  };

  return {
    name: 'memory',
    admit(key, notify) {
      const e = entries.get(key);
      if (e === undefined || e.circuit.state === 'closed') return GO;
      const now = clock.now();
      const { circuit, decision } = admitStep(e.circuit, now, s);
      move(key, e, circuit, notify);
      if (decision === 'go') return GO;
      if (decision === 'probe') return PROBE;
      return rejection(circuit, now, s) ?? { ok: false, state: 'open', probeAt: now, failureRatio: circuit.failureRatio, calls: circuit.calls };
    },
    blocked(key) {
      const e = entries.get(key);
      if (e === undefined || e.circuit.state === 'closed') return undefined;
      return rejection(e.circuit, clock.now(), s);
    },
    record(key, outcome, probe, notify, at) {
      if (outcome === 'ignore' && !probe) return;
      const e = entry(key);
      const c = e.circuit;
      if (c.state === 'closed') {
        if (outcome === 'ignore') return;
        const now = at ?? clock.now();
        const failed = outcome === 'failure';
        e.window.add(now, 1, failed ? 1 : 0);
        if (!failed) return;
        e.window.tally(now);
        move(key, e, afterWindow(c, e.window.calls, e.window.failures, e.window.oldestFailure, now, s), notify);
        return;
      }
      if (probe) move(key, e, afterProbe(c, outcome, clock.now(), s), notify);
    },
    openSignal(key) {
      const e = entry(key);
      if (e.opened === undefined) {
        e.opened = new AbortController();
        setMaxListeners(0, e.opened.signal); // every request waiting to retry on this key listens
      }
      return e.opened.signal;
    },
    async close() {
      entries.clear();
    },
  };
}

/**
 * A breaker for one process: a circuit per key, judged on the last `windowCalls` calls within `windowMs`.
 * Share one between executors by passing it to each; share across processes with `redisBreaker`.
 * @example
 * const breaker = memoryBreaker({ failureRatio: 0.5, minimumCalls: 20, openMs: 5_000 });
 * const executor = createExecutor({ breaker });
 */
export function memoryBreaker(opts: MemoryBreakerOptions = {}): Breaker {
  checkObject('memoryBreaker', 'options', opts);
  const { clock } = timeOptions('memoryBreaker', opts);
  const settings = resolveBreakerOptions(opts, (option, rule, value) => invalid('memoryBreaker', option, rule, value), ['clock']);
  return breakerFromSettings(settings, clock);
}
