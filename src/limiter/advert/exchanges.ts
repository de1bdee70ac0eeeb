/**
 * The weight headers of the exchanges trading bots use most.
 *
 * - Binance: `X-MBX-USED-WEIGHT-(n)(s|m|h|d)`, the weight used in the current interval (per IP); the limit is
 *   not in the headers (`exchangeInfo` lists it: 6,000 per minute on spot today), so it comes from a profile
 *   or an option. Intervals are calendar-aligned: the window ends at the next multiple of the interval; one
 *   second is added for clock skew between us and Binance, and the phase is refined from when the used weight
 *   drops.
 * - Bybit (v5): `X-Bapi-Limit-Status` (requests left for the endpoint), `X-Bapi-Limit` (the limit),
 *   `X-Bapi-Limit-Reset-Timestamp` (epoch ms when the limit resets once exceeded; otherwise the current time).
 *   Bybit's API limits are per rolling second per UID, so without a future reset the window is one second.
 * @module
 */
import { advert, headerValue, plainNumber, type Advert, type HeaderBag, type UsedWeightLimit } from './types.js';

const UNIT: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SUFFIX = /-(\d{1,4})([smhd])$/;

/** Clock skew allowance for calendar-aligned windows. */
const SKEW_MS = 1_000;

/** The interval a Binance header's suffix names (`-1m` → 60,000 ms), or `undefined`. */
export function intervalOf(header: string): number | undefined {
  const m = SUFFIX.exec(header);
  return m === null ? undefined : Number(m[1]) * UNIT[m[2]!]!;
}

/** The advert of a used-weight header against its known limit, or `undefined`. */
export function parseUsedWeight(h: HeaderBag, now: number, w: UsedWeightLimit): Advert | undefined {
  const used = plainNumber(headerValue(h, w.header));
  if (used === undefined || !(w.limit > 0)) return undefined;
  const windowMs = w.intervalMs ?? intervalOf(w.header) ?? 60_000;
  const resetMs = windowMs - (now % windowMs) + SKEW_MS;
  return advert(Math.max(0, Math.floor(w.limit - used)), w.limit, resetMs, true, windowMs);
}

/** Bybit's default window: one rolling second. */
const BYBIT_WINDOW_MS = 1_000;

/** The advert of Bybit's `X-Bapi-Limit-*` headers, or `undefined`. */
export function parseBybit(h: HeaderBag, now: number): Advert | undefined {
  const remaining = plainNumber(headerValue(h, 'x-bapi-limit-status'));
  const limit = plainNumber(headerValue(h, 'x-bapi-limit'));
  const resetAt = plainNumber(headerValue(h, 'x-bapi-limit-reset-timestamp'));
  const future = resetAt !== undefined && resetAt > 1e12 && resetAt > now ? resetAt - now : undefined;
  return advert(remaining === undefined ? undefined : Math.floor(remaining), limit, future ?? BYBIT_WINDOW_MS, false, BYBIT_WINDOW_MS);
}
