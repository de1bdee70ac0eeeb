/**
 * `createExecutor`: the public entry point.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { classify } from '../classify.js';
import type { Verdict } from '../policy/types.js';
import type { ExecutorOptions } from './options.js';
import { type OperationOutcome, outcomeOf } from './outcome-of.js';
import { type ReconcileOptions, type ReconcileReport, reconcilePending } from './reconcile.js';
import { runRequest } from './run.js';
import { resolveSettings } from './validate.js';
import { wrapInstance } from './wrap.js';

/** A resilient executor of axios requests. */
export interface Executor {
  /** Sends one logical request: retries, throttles, resubmits with 2FA or verifies, as the policy decides. */
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  /** An axios-shaped instance whose calls all go through this executor (existing call sites keep working). */
  wrap(instance: AxiosInstance): AxiosInstance;
  /** The pure decision for an error on a request, with this executor's profile and rules. */
  classify(error: unknown, config?: AxiosRequestConfig): Verdict;
  /**
   * At start-up: reports the outcomes a previous process settled but never delivered, and verifies once every
   * operation it left in doubt (settling what is found applied or absent). Nothing is resent.
   */
  reconcilePending(opts?: ReconcileOptions): Promise<ReconcileReport[]>;
  /**
   * What the journal knows of one operation: `settled` (with its outcome, kept for the journal's retention),
   * `pending` (in flight or in doubt) or `unknown`. Keep your operation ids (`config.resolute.operationId`) in your
   * own store before each call, and ask this after a restart. Needs a journal that keeps outcomes (the built-in
   * ones do); rejects with a JournalError when the journal fails or does not answer within `journalTimeoutMs`.
   *
   * @example
   * ```ts
   * const o = await executor.outcomeOf('order-42');
   * if (o.state === 'settled' && o.outcome === 'succeeded') markPlaced(o.response?.data);
   * ```
   */
  outcomeOf(operationId: string): Promise<OperationOutcome>;
}

/**
 * Creates an executor. Every option is validated here: a bad one throws a TypeError naming it.
 *
 * @example
 * ```ts
 * const executor = createExecutor({ profile: profiles.orderly, verify: async (ctx) => lookUp(ctx.operationId) });
 * const api = executor.wrap(axios.create({ baseURL: 'https://api.orderly.org' }));
 * await api.post('/v1/order', order); // retried, throttled or verified as needed
 * ```
 */
export function createExecutor(options: ExecutorOptions = {}): Executor {
  const s = resolveSettings(options);
  const t = s.telemetry;
  // Chosen once: without telemetry, a request is exactly the bare request loop.
  const exec = t
    ? (http: AxiosInstance, config: AxiosRequestConfig) =>
        t.observe({ config, baseURL: config.baseURL ?? http.defaults.baseURL, profile: s.profile.name }, (obs) => runRequest(s, http, config, obs))
    : (http: AxiosInstance, config: AxiosRequestConfig) => runRequest(s, http, config);
  return {
    request: <T>(config: AxiosRequestConfig) => exec(s.http, config) as Promise<AxiosResponse<T>>,
    wrap: (instance) => wrapInstance(instance, (config) => exec(instance, config)),
    classify: (error, config = {}) => classify(error, config, { profile: s.profile, rules: s.userRules, maxRetryAfterMs: s.maxRetryAfterMs, now: s.clock.now() }),
    reconcilePending: (opts) => reconcilePending(s, opts),
    outcomeOf: (operationId) => outcomeOf(s, operationId),
  };
}
