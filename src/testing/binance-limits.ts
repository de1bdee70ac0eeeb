/**
 * Binance's IP limits (binance/binance-spot-api-docs, rest-api.md "LIMITS" / "IP Limits"): every route has a
 * weight; used weight per IP is counted in fixed windows and reported on every response in
 * `X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter)`; over the limit a 429; "Repeatedly violating rate limits
 * and/or failing to back off after receiving 429s will result in an automated IP ban (HTTP status 418)", bans
 * lasting "from 2 minutes to 3 days". Computed from timestamps, no timers.
 * @module
 */
import type { RouteName } from './types.js';

/**
 * The request weight of each route (rest-api.md: "New order" 1, "Query order" 4, "All orders" 20, "Symbol price
 * ticker" 2 with a symbol, 4 without). Withdrawals are weighted per UID (900), not per IP: 1 here.
 */
export function binanceWeight(route: RouteName | 'unknown', query: URLSearchParams): number {
  switch (route) {
    case 'placeOrder':
      return 1;
    case 'getOrder':
      return 4;
    case 'listOrders':
      return 20;
    case 'ticker':
      return query.has('symbol') ? 2 : 4;
    case 'withdraw':
    case 'unknown':
      return 1;
  }
}

/** `X-MBX-USED-WEIGHT-1M` for 60 000 ms, `-1S` for 1 000, `-1H`, `-1D`; `windowMs` a whole number of seconds. */
export function weightHeaderName(windowMs: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'D'],
    [3_600_000, 'H'],
    [60_000, 'M'],
    [1_000, 'S'],
  ];
  const [size, letter] = units.find(([unit]) => windowMs % unit === 0) ?? [1_000, 'S'];
  return `x-mbx-used-weight-${windowMs / size}${letter.toLowerCase()}`;
}

/** The weight used by one IP in the current window after a request. */
export interface WeightUse {
  /** Weight used in the window, this request included. */
  used: number;
  /** Whether the request took the IP over the limit (it is refused with 429). */
  over: boolean;
  /** Milliseconds until the window ends. */
  resetInMs: number;
}

/** Used weight per IP in fixed, clock-aligned windows. */
export class WeightMeter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #used = new Map<string, { window: number; used: number }>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Adds `weight` for `ip` at `now`. */
  add(ip: string, weight: number, now: number): WeightUse {
    const window = Math.floor(now / this.#windowMs);
    const entry = this.#used.get(ip);
    const used = (entry?.window === window ? entry.used : 0) + weight;
    this.#used.set(ip, { window, used });
    return { used, over: used > this.#limit, resetInMs: (window + 1) * this.#windowMs - now };
  }

  /** Weight used by `ip` in the window holding `now`. */
  used(ip: string, now: number): number {
    const entry = this.#used.get(ip);
    return entry?.window === Math.floor(now / this.#windowMs) ? entry.used : 0;
  }
}

/** IP bans: an IP that sends `banAfter` requests inside Retry-After windows is banned for `banMs`. */
export class IpBans {
  readonly #banMs: number;
  readonly #banAfter: number;
  readonly #violations = new Map<string, number>();
  readonly #until = new Map<string, number>();

  constructor(banMs: number, banAfter: number) {
    this.#banMs = banMs;
    this.#banAfter = banAfter;
  }

  /** When `ip`'s ban ends, if it is banned at `now`. */
  bannedUntil(ip: string, now: number): number | undefined {
    const until = this.#until.get(ip);
    if (until === undefined) return undefined;
    if (now < until) return until;
    this.#until.delete(ip);
    return undefined;
  }

  /** Records a request from `ip` that arrived inside a Retry-After window; returns the ban's end if it bans. */
  violate(ip: string, now: number): number | undefined {
    const count = (this.#violations.get(ip) ?? 0) + 1;
    if (count < this.#banAfter) {
      this.#violations.set(ip, count);
      return undefined;
    }
    this.#violations.delete(ip);
    const until = now + this.#banMs;
    this.#until.set(ip, until);
    return until;
  }
}
