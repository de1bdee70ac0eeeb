/**
 * Pure parsing of the server's "wait this long" headers.
 * @module
 */

/** Largest wait accepted from a server; larger values are capped to it. @default 300_000 (5 minutes) */
export const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

/** Values beyond this are absurd (a typo or a wrong unit) and ignored. One day. */
const ABSURD_MS = 86_400_000;

function finiteNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Seconds or an HTTP date (RFC 9110 Retry-After), relative to `now`. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const seconds = finiteNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return at - now;
}

/**
 * A reset header that may be a delta in seconds, an epoch in seconds, or an epoch in milliseconds
 * (X-RateLimit-Reset is all three in the wild).
 */
export function parseReset(value: string, now: number): number | undefined {
  const n = finiteNumber(value);
  if (n === undefined) return undefined;
  if (n > 1e12) return n - now; // epoch ms
  if (n > 1e9) return n * 1000 - now; // epoch s
  return n * 1000; // delta s
}

/**
 * The server's requested wait in ms from response headers (lower-cased names), or `undefined`.
 * Order: Retry-After, RateLimit-Reset, X-RateLimit-Reset. Negative, unparsable or absurd values
 * (over a day) are ignored; values over `maxMs` are capped to `maxMs`.
 */
export function retryAfterFromHeaders(
  headers: Readonly<Record<string, string>> | undefined,
  now: number,
  maxMs: number = DEFAULT_MAX_RETRY_AFTER_MS,
): number | undefined {
  if (!headers) return undefined;
  const candidates: Array<[string, (v: string, n: number) => number | undefined]> = [
    ['retry-after', parseRetryAfter],
    ['ratelimit-reset', parseReset],
    ['x-ratelimit-reset', parseReset],
  ];
  for (const [name, parse] of candidates) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const ms = parse(String(raw), now);
    if (ms === undefined || ms < 0 || ms > ABSURD_MS) continue;
    return Math.min(Math.ceil(ms), maxMs);
  }
  return undefined;
}
