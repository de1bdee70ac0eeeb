/**
 * Reads what a response advertises about the caller's quota. `readAdvert` looks for the dialects in a fixed
 * order and returns the first that parses: IETF `RateLimit` (with `RateLimit-Policy`; both draft-8+ and the
 * draft-7 dictionary form), draft-6 `RateLimit-Remaining`, `X-RateLimit-Remaining`, Bybit, then the
 * configured used-weight headers (Binance). A response without any of them costs a handful of property reads.
 * @module
 */
import { parseBybit, parseUsedWeight } from './exchanges.js';
import { parseRateLimitField } from './ietf.js';
import { parseDraft6, parseXRateLimit } from './legacy.js';
import { headerValue, type Advert, type HeaderBag, type UsedWeightLimit } from './types.js';

export type { Advert, HeaderBag, UsedWeightLimit } from './types.js';

/** The advert of a response's headers, or `undefined` when it carries none (or only malformed ones). */
export function readAdvert(h: HeaderBag, now: number, usedWeight: readonly UsedWeightLimit[] = []): Advert | undefined {
  const field = headerValue(h, 'ratelimit');
  if (field !== undefined) return parseRateLimitField(field, headerValue(h, 'ratelimit-policy'));
  if (h['ratelimit-remaining'] !== undefined) return parseDraft6(h, now);
  if (h['x-ratelimit-remaining'] !== undefined) return parseXRateLimit(h, now);
  if (h['x-bapi-limit-status'] !== undefined) return parseBybit(h, now);
  for (const w of usedWeight) if (h[w.header] !== undefined) return parseUsedWeight(h, now, w);
  return undefined;
}
