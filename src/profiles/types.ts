/**
 * A profile: what resolute knows about one API. Data plus small functions.
 * @module
 */
import type { Dialect } from '../dialects/types.js';
import type { UsedWeightLimit } from '../limiter/advert/types.js';
import type { Rule } from '../policy/types.js';

/** Where a 2FA code goes on the resubmitted request. */
export type OtpPlacement =
  | {
      /** The body field that carries the code. */
      readonly bodyField: string;
    }
  | {
      /** The request header that carries the code. */
      readonly header: string;
    };

/** A known rate limit. */
export interface ProfileRateLimit {
  /** Units of weight allowed per interval (a weight-1 request costs 1). */
  readonly limit: number;
  /** The interval, in milliseconds. */
  readonly intervalMs: number;
  /** Only requests whose URL matches count against this limit (e.g. order endpoints). Absent: all. */
  readonly url?: RegExp;
  /** Where the limit comes from, for documentation. */
  readonly source?: string;
}

/** Everything resolute knows about one API. */
export interface Profile {
  /** A short name: `infinex`, `batchdata`, `alp`, `orderly`, `generic`. */
  readonly name: string;
  /** How to read the API's error bodies. Required. */
  readonly dialect: Dialect;
  /** The API's rules, checked after the user's and before the default ladder. */
  readonly rules: readonly Rule[];
  /** Where a 2FA code goes. @default { bodyField: 'code2FA' } */
  readonly otp?: OtpPlacement;
  /** Where the API carries a client-chosen id (operation id) in an order body, e.g. `client_order_id`. */
  readonly operationIdField?: string;
  /** The URLs whose bodies take `operationIdField` (order placement). Absent: every unsafe request. */
  readonly operationIdUrl?: RegExp;
  /** Documented rate limits. */
  readonly rateLimits?: readonly ProfileRateLimit[];
  /** Learned rate after 429s that name no window (cut once per window, CUBIC recovery). On by default where no limit is documented. */
  readonly adaptive?: boolean;
  /**
   * Used-weight headers the API sends and the limits they count against (the default limiter reads them).
   * @example [{ header: 'x-mbx-used-weight-1m', limit: 6_000 }] // Binance spot: weight per minute per IP
   */
  readonly usedWeight?: readonly UsedWeightLimit[];
}
