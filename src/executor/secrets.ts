/**
 * The secrets one send carried, for scrubbing what the server says back. Computed only when a failure is built.
 * @module
 */
import type { AxiosRequestConfig } from 'axios';
import type { NormalizeOptions } from '../failure/normalize.js';
import { userinfoSecrets } from '../redact-url.js';
import { headerSecrets } from '../redact.js';
import type { Run } from './state.js';

/**
 * The secret values one send carried, for scrubbing what the server says back: the 2FA codes of the run, URL
 * userinfo, and the values of credential headers (the attempt's, after `prepare`, and the instance's defaults).
 */
export function secretsOf(run: Run, cfg: AxiosRequestConfig | undefined): string[] {
  const out = [...run.otpCodes];
  const d = run.http.defaults as { baseURL?: unknown; headers?: Record<string, unknown> } | undefined;
  for (const c of [run.config, cfg]) {
    if (c === undefined) continue;
    out.push(...userinfoSecrets(c.url), ...userinfoSecrets(c.baseURL), ...headerSecrets(c.headers));
  }
  out.push(...userinfoSecrets(d?.baseURL), ...headerSecrets(d?.headers), ...headerSecrets(d?.headers?.common));
  out.push(...headerSecrets(d?.headers?.[run.method.toLowerCase()]));
  return out.sort((a, b) => b.length - a.length); // longest first: a token inside `Bearer token` goes as a whole
}

/** How a failure of this send is normalized: the executor's clock and cap, and the secrets to scrub. */
export function normalizeOptions(run: Run, cfg: AxiosRequestConfig | undefined): NormalizeOptions {
  return { now: run.s.clock.now(), maxRetryAfterMs: run.s.maxRetryAfterMs, secrets: () => secretsOf(run, cfg) };
}

