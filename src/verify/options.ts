/**
 * Options every lookup shares: how a lookup request is made (signed, timed out) and what proves an `absent`
 * (the settle time, the clock skew allowed). Defaults in one place; a bad option is a `TypeError` naming it.
 * @module
 */
import type { AxiosRequestConfig } from 'axios';
import { showValue } from '../show.js';
import type { Clock } from '../time.js';

/** The defaults of the lookup options. */
export const VERIFY_DEFAULTS = Object.freeze({
  /**
   * Least time between the ambiguous failure and an `absent`, in ms. Binance and Bybit forward a request to the
   * matching engine only while it is younger than its `recvWindow`, 5 000 ms by default (Binance rest-api.md
   * "Timing security"; Bybit docs/v5/guide "recv_window"): after that a late request can no longer be applied.
   */
  settleMs: 5_000,
  /** Clock difference allowed between this process and the API when comparing times, in ms. */
  skewMs: 2_000,
  /** Time allowed for one lookup request, in ms. */
  timeoutMs: 5_000,
});

/** What proves an `absent`. */
export interface ProofOptions {
  /**
   * Least time, in ms, between the ambiguous failure and an `absent` answer: a request still in flight, queued or
   * not yet visible may be applied until then. Set it at least to the API's request-validity window (Binance:
   * `recvWindow` + 1 s) and its order-visibility lag.
   * @default 5_000
   * @example { settleMs: 6_000 }
   */
  readonly settleMs?: number;
  /**
   * Clock difference allowed between this process and the API, in ms: list queries start this much before the
   * request began.
   * @default 2_000
   */
  readonly skewMs?: number;
  /** Time source (tests). @default systemClock */
  readonly clock?: Clock;
}

/** How the lookup request is made. */
export interface LookupRequestOptions {
  /** Extra request config (headers, params). */
  readonly config?: AxiosRequestConfig;
  /** Time allowed for one lookup request, in ms. @default 5_000 */
  readonly timeoutMs?: number;
  /**
   * Signs the lookup request, as `prepare` signs sends (lookups do not go through the executor's `prepare`). Runs
   * right before every lookup, so its timestamp is fresh.
   * @example { sign: (config) => ({ ...config, headers: { ...config.headers, 'X-SIGN': sign(config) } }) }
   */
  readonly sign?: (config: AxiosRequestConfig) => AxiosRequestConfig | Promise<AxiosRequestConfig>;
}

/** Throws a `TypeError` naming `owner`, `option` and the value. */
export function badOption(owner: string, option: string, rule: string, value: unknown): never {
  throw new TypeError(`${owner}: ${option} must be ${rule}, got ${showValue(value)}`);
}

/** A finite number ≥ 0, or the default when `undefined`. */
export function msOption(owner: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) badOption(owner, option, 'a finite number >= 0', value);
  return value;
}

/** A function, or `undefined`. */
export function fnOption(owner: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') badOption(owner, option, 'a function', value);
}

/** Checks the options every lookup shares. */
export function checkCommon(owner: string, o: ProofOptions & LookupRequestOptions): void {
  if (typeof o !== 'object' || o === null) badOption(owner, 'options', 'an object', o);
  msOption(owner, 'settleMs', o.settleMs, 0);
  msOption(owner, 'skewMs', o.skewMs, 0);
  if (o.timeoutMs !== undefined && (typeof o.timeoutMs !== 'number' || !(o.timeoutMs > 0) || !Number.isFinite(o.timeoutMs))) {
    badOption(owner, 'timeoutMs', 'a finite number > 0', o.timeoutMs);
  }
  fnOption(owner, 'sign', o.sign);
  if (o.clock !== undefined && (typeof o.clock !== 'object' || o.clock === null || typeof o.clock.now !== 'function')) {
    badOption(owner, 'clock', 'an object with now()', o.clock);
  }
  if (o.config !== undefined && (typeof o.config !== 'object' || o.config === null)) badOption(owner, 'config', 'an object', o.config);
}
