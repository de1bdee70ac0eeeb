/**
 * What a server advertises about its quota, read from response headers on every response (success
 * included), before any 429. Each dialect's parser is a pure function of the headers and `now` that never
 * throws: a malformed, negative, absurd or missing field makes the parser ignore that field or the whole
 * advert (draft-ietf-httpapi-ratelimit-headers-11 §7: "Malformed RateLimit header fields MUST be ignored").
 * @module
 */

/** Response headers as axios delivers them: AxiosHeaders or a plain object, names in lower case. */
export type HeaderBag = Readonly<Record<string, unknown>>;

/** One advert: the server's view of the caller's quota after the request it answered. */
export interface Advert {
  /** Units (requests, or weight) left in the current window, after the answered request. */
  readonly remaining: number;
  /** The quota per window, when the server says it. */
  readonly limit: number | undefined;
  /** Ms until the window ends and the quota is restored (an upper bound when `coarse`). */
  readonly resetMs: number;
  /** True when `resetMs` came in whole seconds rounded up (the window ends within the second before it). */
  readonly coarse: boolean;
  /** The window's length in ms, when the server says it (RateLimit-Policy `w`, a documented limit). */
  readonly windowMs: number | undefined;
}

/** A used-weight header and the limit it counts against (Binance `X-MBX-USED-WEIGHT-1M`: 6,000 by default). */
export interface UsedWeightLimit {
  /** The header, lower case, e.g. `x-mbx-used-weight-1m`. */
  readonly header: string;
  /** Units of weight allowed per window. */
  readonly limit: number;
  /** The window in ms. @default read from the header's suffix (`-1m` → 60,000), else 60,000 */
  readonly intervalMs?: number;
}

/** Adverts with more units left than this say nothing useful (no API grants a billion per window). */
export const MAX_REMAINING = 1e9;
/** Longest window end honoured; longer ones are capped (a server advertising "0 left for a year"). */
export const MAX_RESET_MS = 300_000;
/** Ends further away than this are absurd (a wrong unit or garbage) and make the advert ignored. */
export const ABSURD_RESET_MS = 86_400_000;

/** A header's value as a string (numbers stringified, repeated headers joined), or `undefined`. */
export function headerValue(h: HeaderBag, name: string): string | undefined {
  const v = h[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.join(', ');
  return undefined;
}

/** A plain decimal number (`12`, `1.5`), or `undefined` for anything else (signs, units, garbage). */
export function plainNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d{1,16}(\.\d{1,6})?$/.test(t)) return undefined;
  return Number(t);
}

/** A count (`remaining`, `limit`): a finite number ≥ 0, floored; `undefined` otherwise. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * Builds an advert, or `undefined` when it says nothing usable: no remaining count, no window end, a
 * remaining count beyond `MAX_REMAINING`, or an end beyond `ABSURD_RESET_MS`. Ends beyond `MAX_RESET_MS`
 * are capped to it.
 */
export function advert(remaining: number | undefined, limit: number | undefined, resetMs: number | undefined, coarse: boolean, windowMs: number | undefined): Advert | undefined {
  if (remaining === undefined || remaining > MAX_REMAINING) return undefined;
  const end = resetMs ?? windowMs;
  if (end === undefined || !(end >= 0) || end > ABSURD_RESET_MS) return undefined;
  const lim = limit !== undefined && limit > 0 && limit <= MAX_REMAINING ? limit : undefined;
  const win = windowMs !== undefined && windowMs > 0 && windowMs <= ABSURD_RESET_MS ? Math.min(windowMs, MAX_RESET_MS) : undefined;
  return { remaining, limit: lim, resetMs: Math.min(end, MAX_RESET_MS), coarse: resetMs === undefined ? true : coarse, windowMs: win };
}
