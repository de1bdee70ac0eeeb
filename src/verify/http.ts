/**
 * One lookup request: a GET through the executor's axios instance, every status resolved (the hook reads it),
 * the caller's signal and a timeout, signed right before it goes out when the lookup signs.
 * @module
 */
import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { VerifyContext } from '../executor/options.js';
import { type LookupRequestOptions, VERIFY_DEFAULTS } from './options.js';

/** Sends the lookup `GET url` with `params` (merged over `opts.config.params`). */
export async function lookupGet(ctx: VerifyContext, opts: LookupRequestOptions, url: string, params?: Record<string, unknown>): Promise<AxiosResponse> {
  const base = opts.config ?? {};
  let config: AxiosRequestConfig = {
    ...base,
    method: 'GET',
    url,
    signal: ctx.signal,
    timeout: opts.timeoutMs ?? VERIFY_DEFAULTS.timeoutMs,
    validateStatus: () => true,
  };
  if (params !== undefined || base.params !== undefined) config.params = { ...(base.params as object | undefined), ...params };
  if (opts.sign) config = await opts.sign(config);
  return ctx.http.request(config);
}

/** `x` is an object (not null). */
export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
