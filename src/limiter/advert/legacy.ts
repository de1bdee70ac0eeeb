/**
 * The plain-number forms: express-rate-limit's `draft-6` (`RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset` in seconds, with `RateLimit-Policy: 100;w=1`) and the de-facto `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining`, `X-RateLimit-Reset`, whose reset is seconds until the reset (@fastify/rate-limit,
 * GitHub's secondary limits), an epoch in seconds (GitHub, express-rate-limit's legacy headers) or an epoch in
 * milliseconds: told apart by size.
 * @module
 */
import { parsePolicies } from './ietf.js';
import { advert, headerValue, plainNumber, type Advert, type HeaderBag } from './types.js';

/**
 * A reset header as ms from `now`, and whether it was whole seconds: above 1e12 an epoch in ms, above 1e9 an
 * epoch in seconds, else seconds from now. `undefined` for garbage or a time in the past.
 */
export function resetFrom(text: string | undefined, now: number): { ms: number; coarse: boolean } | undefined {
  const n = plainNumber(text);
  if (n === undefined) return undefined;
  if (n > 1e12) return n >= now ? { ms: n - now, coarse: false } : undefined;
  if (n > 1e9) return n * 1000 >= now - 1000 ? { ms: Math.max(0, n * 1000 - now), coarse: true } : undefined;
  return { ms: n * 1000, coarse: true };
}

/** The advert of the draft-6 `RateLimit-*` fields, or `undefined`. */
export function parseDraft6(h: HeaderBag, now: number): Advert | undefined {
  const remaining = plainNumber(headerValue(h, 'ratelimit-remaining'));
  const reset = resetFrom(headerValue(h, 'ratelimit-reset'), now);
  const policyField = headerValue(h, 'ratelimit-policy');
  const policy = policyField === undefined ? undefined : parsePolicies(policyField)[0];
  const limit = plainNumber(headerValue(h, 'ratelimit-limit')) ?? policy?.q;
  return advert(remaining === undefined ? undefined : Math.floor(remaining), limit, reset?.ms, reset?.coarse ?? true, policy?.windowMs);
}

/** The advert of the `X-RateLimit-*` fields, or `undefined`. */
export function parseXRateLimit(h: HeaderBag, now: number): Advert | undefined {
  const remaining = plainNumber(headerValue(h, 'x-ratelimit-remaining'));
  const reset = resetFrom(headerValue(h, 'x-ratelimit-reset'), now);
  const limit = plainNumber(headerValue(h, 'x-ratelimit-limit'));
  return advert(remaining === undefined ? undefined : Math.floor(remaining), limit, reset?.ms, reset?.coarse ?? true, undefined);
}
