/**
 * What one failed send says about the API's health, from its classified verdict (not its status alone).
 * @module
 */
import type { Verdict } from '../policy/types.js';
import type { BreakerOutcome } from './types.js';

/** 5xx statuses that are not outages: 501 Not Implemented and 505 HTTP Version Not Supported are about the request; 511 asks for 2FA. */
const NOT_OUTAGE = new Set([501, 505, 511]);

/**
 * The breaker's reading of a verdict:
 * - `failure` (an outage signal): no answer (network error, timeout, reset), a 5xx (but 501, 505, 511), or any
 *   failure the policy retries (a profile's overload code on HTTP 400, such as ALP `SERVICE_OVERLOADED` or
 *   Orderly −1011, means the service is down whatever the status);
 * - `ignore`: a 429 or any `throttle` verdict (the server is up and metering us: the limiter handles it, and
 *   opening on it would turn one client's rate limit into an outage for every request of the key); a
 *   cancelled send; an ambiguous 4xx the policy sends to verify (it says nothing either way);
 * - `success`: every other answer, 4xx included (400, 401, 403, 404, 410…: the server is up, the request was
 *   wrong) and 2FA demands (511, `REQUIRE_2FA`).
 */
export function breakerOutcome(v: Verdict): BreakerOutcome {
  const f = v.failure;
  if (f.kind === 'cancelled' || v.action === 'throttle') return 'ignore';
  if (v.action === 'otp') return 'success';
  if (f.kind === 'network' || f.kind === 'timeout') return 'failure';
  const status = f.status ?? 0;
  if (status >= 500 && !NOT_OUTAGE.has(status)) return 'failure';
  if (v.action === 'retry') return 'failure';
  if (v.action === 'verify') return 'ignore';
  return 'success';
}
