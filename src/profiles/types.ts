/**
 * A profile: what resolute knows about one API. Data plus small functions.
 * @module
 */
import type { Dialect } from '../dialects/types.js';
import type { DuplicateRefusal } from '../policy/dedupe.js';
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

/**
 * A response header that counts the weight used against a limit it does not state (Binance
 * `X-MBX-USED-WEIGHT-1M`): the limiter reads the header, the profile supplies the limit.
 */
export interface ProfileUsedWeight {
  /** The header, lower case, e.g. `x-mbx-used-weight-1m`. */
  readonly header: string;
  /** Units of weight allowed per interval. */
  readonly limit: number;
  /** The interval, in ms. @default read from the header's suffix (`-1m` → 60 000) */
  readonly intervalMs?: number;
  /** Where the limit is documented. */
  readonly source?: string;
}

/** The weight one request costs, by route (Binance: "Query order" costs 4, "All orders" 20). */
export interface ProfileRequestWeight {
  /** Only requests with this method (upper case). Absent: any method. */
  readonly method?: string;
  /** Requests whose URL path matches. */
  readonly url: RegExp;
  /** Units of weight the request costs. */
  readonly weight: number;
  /** Where the weight is documented. */
  readonly source?: string;
}

/** Everything resolute knows about one API. */
export interface Profile {
  /** A short name: `infinex`, `batchdata`, `alp`, `orderly`, `binance`, `bybit`, `okx`, `generic`. */
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
  /**
   * Turns a generated operation id (a UUIDv7, 36 characters with dashes) into one the API accepts in
   * `operationIdField` (OKX `clOrdId`: up to 32 letters and digits, so the dashes go). Absent: used as it is.
   */
  readonly formatOperationId?: (id: string) => string;
  /**
   * Set only when the API refuses a second request carrying an operation id in `operationIdField` that it has
   * already seen, for as long as a request can still reach it (an idempotency key, a client id unique for all time):
   * how that refusal looks. Then an ambiguous failure of a request that carries its id is resent at once with the
   * same id instead of waiting to verify: a duplicate refusal proves an earlier send was applied (the verify hook
   * then fetches it), and until one answer is certain the request stays in doubt (`IndeterminateError`, never a
   * failure). Never set it for ids unique only among open orders (Orderly, Binance, Bybit, OKX): a filled order
   * frees its id, and a resend would buy twice.
   * @example { status: 409 }
   */
  readonly dedupes?: DuplicateRefusal;
  /** Documented rate limits. */
  readonly rateLimits?: readonly ProfileRateLimit[];
  /** Used-weight headers and the documented limits they count against, for the limiter. */
  readonly usedWeight?: readonly ProfileUsedWeight[];
  /** Documented request weights by route (a request not listed costs 1). */
  readonly requestWeights?: readonly ProfileRequestWeight[];
  /** Learned rate after 429s that name no window (cut once per window, CUBIC recovery). On by default where no limit is documented. */
  readonly adaptive?: boolean;
}
