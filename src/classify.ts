/**
 * The pure decision, exposed: what would resolute do with this error on this request?
 * @module
 */
import { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { failureFromError, failureFromResponse } from './failure/normalize.js';
import { classifyFailure } from './policy/classify.js';
import type { Rule, Verdict } from './policy/types.js';
import { profiles } from './profiles/index.js';
import type { Profile } from './profiles/types.js';
import { validateProfile, validateRules } from './executor/validate.js';
import { isSafeToRepeat } from './policy/safe.js';

/** Options of the standalone `classify`. */
export interface ClassifyOptions {
  /** @default profiles.generic */
  readonly profile?: Profile;
  /** User rules, before the profile's. */
  readonly rules?: readonly Rule[];
  /** The clock for Retry-After dates. @default Date.now() */
  readonly now?: number;
  /** Cap on server-requested waits. @default 300_000 */
  readonly maxRetryAfterMs?: number;
}

function isResponse(x: unknown): x is AxiosResponse {
  return typeof x === 'object' && x !== null && 'status' in x && 'data' in x && 'headers' in x && !('isAxiosError' in x);
}

/**
 * Classifies an axios error (or a 2xx response whose body is an error) for a request config, the way an
 * executor with this profile and these rules would. Pure; throws only what a user rule throws.
 *
 * @example
 * ```ts
 * const v = classify(err, { method: 'POST', url: '/v1/order' }, { profile: profiles.orderly });
 * if (v.action === 'verify') console.log('order may be live:', v.reason);
 * ```
 */
export function classify(errorOrResponse: unknown, config: AxiosRequestConfig = {}, opts: ClassifyOptions = {}): Verdict {
  const profile = validateProfile('profile', opts.profile ?? profiles.generic);
  const rules = [...validateRules('rules', opts.rules ?? []), ...profile.rules];
  const now = opts.now ?? Date.now();
  const n = { now, maxRetryAfterMs: opts.maxRetryAfterMs };
  const failure = isResponse(errorOrResponse)
    ? failureFromResponse(errorOrResponse.status, errorOrResponse.headers, errorOrResponse.data, profile.dialect, n)
    : failureFromError(errorOrResponse, profile.dialect, n);
  const method = (config.method ?? 'get').toUpperCase();
  const safe = isSafeToRepeat(method, config.resolute?.idempotent);
  return classifyFailure(failure, { method, url: config.url ?? '', safe, resent: false, otpSent: false, repeats: 0 }, rules);
}
