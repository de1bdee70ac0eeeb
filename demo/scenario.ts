/**
 * The scenario both contenders face: one fresh simulator each, same dialect, same seed, same fault mix, same
 * rate limit, same client timeout and concurrency.
 * @module
 */
import type { DialectName, FaultName, RateLimitOptions, Simulator } from '../src/testing/index.js';
import { startSimulator } from '../src/testing/index.js';
import { intentKeyOf } from './workload.js';

/**
 * A realistic mix, about 17 % of the requests on fault routes: transient errors that were not applied (500, 503,
 * the dialect's own overload answer, an nginx 502 page, 504 before the effect, a reset before the effect), a
 * server 429 with `Retry-After`, and the ambiguous ones where the order IS placed but the answer is lost
 * (504 after, reset after, an answer slower than the client's timeout).
 * The 429 share is small on purpose: each one opens a whole-second `Retry-After` window for the API key.
 */
export const FAULT_MIX: Readonly<Partial<Record<FaultName, number>>> = {
  '500': 0.02,
  '503': 0.015,
  overload: 0.02,
  '429': 0.0075,
  '502-html': 0.015,
  '504-after': 0.03,
  '504-before': 0.015,
  'reset-before': 0.01,
  'reset-after': 0.02,
  slow: 0.015,
};

/**
 * Faults hit orders and ticker reads. Withdrawals stay clean: the simulator has no withdrawal lookup, so an
 * ambiguous withdrawal could only end "in doubt", and every resend of one needs a fresh 2FA code (see `otp.ts`).
 * Lookups stay clean too (the simulator's default), so verification can see what happened.
 */
export const FAULT_ROUTES = ['placeOrder', 'ticker'] as const;

/** The exchange's limit per API key, and the pace both contenders are told to keep. */
export const RATE_LIMIT: Readonly<RateLimitOptions> = { limit: 100, intervalMs: 1_000 };

/**
 * How long the `slow` fault holds an answer, and the client timeout it outlasts. The timeout is far above a
 * loopback answer (milliseconds), so that only the `slow` fault reaches it and runs with the same seed agree. A
 * machine loaded enough to hold an ordinary answer past it turns that answer into a timeout too: with 1 s, that
 * happened under `stress-ng --cpu 2` on this two-core machine, shared with other work; 3 s leaves room.
 */
export const SLOW_MS = 5_000;
export const TIMEOUT_MS = 3_000;

/** Intents in flight at once, per contender. */
export const CONCURRENCY = 20;

/** The withdrawal TOTP secret (base32); the simulator checks codes against it. A demo value, not a credential. */
export const OTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The API key header the demo sends (the simulator rate-limits per key). */
export function apiKeyHeader(dialect: DialectName): Record<string, string> {
  return dialect === 'orderly' ? { 'orderly-key': 'demo-key' } : { 'X-Api-Key': 'demo-key' };
}

/**
 * Starts one simulator for one contender. Faults are drawn per request and attempt (`faultDraw: 'request'`): the
 * nth send of an order meets the same fault in every run with the same seed, however the 20 concurrent workers
 * happen to interleave, so the same seed prints the same table.
 */
export function startScenario(dialect: DialectName, seed: number): Promise<Simulator> {
  return startSimulator({
    dialect,
    seed,
    faultDraw: 'request',
    faults: { ...FAULT_MIX },
    faultRoutes: [...FAULT_ROUTES],
    rateLimit: { ...RATE_LIMIT },
    slowMs: SLOW_MS,
    otpSecret: OTP_SECRET,
    intentKey: intentKeyOf(dialect),
  });
}
