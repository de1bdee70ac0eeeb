/**
 * Option groups of {@link SimulatorOptions}: request signing, list behaviour and Binance's limits.
 * @module
 */

/**
 * Request signing the simulator demands, opt-in per simulator (without it nothing is checked, so a bot pointed at
 * `resolute-sim` works unsigned). `signing: {}` turns it on with generated credentials, read from
 * {@link Simulator.signing}. Refused requests are answered with the API's documented error and counted in
 * {@link Ledger.refusedSignatures}.
 *
 * - `alp`: `X-SIGN` = hex HMAC-SHA256(secret, raw body) on POST and DELETE.
 * - `orderly`: ed25519 over `timestamp + METHOD + path?query + body` on every private route (not `/v1/public/*`),
 *   timestamps more than `windowMs` from the server clock refused.
 * - `binance`: `signature` = hex HMAC-SHA256(secret, query string + body) with `timestamp` and `recvWindow` on every
 *   SIGNED route (all but the ticker), `X-MBX-APIKEY` required.
 * - `infinex`, `batchdata`: static bearer keys, no signatures: signing is refused with a `TypeError`.
 *
 * @example
 * const sim = await startSimulator({ dialect: 'orderly', signing: { windowMs: 5_000 } });
 * const { key, secret } = sim.signing!; // a generated ed25519 key pair in Orderly's text form
 */
export interface SigningOptions {
  /** `alp`, `binance`: the HMAC secret. @default a random secret, see {@link SimulatorCredentials.secret} */
  secret?: string;
  /**
   * `orderly`: the accepted public keys, each `ed25519:<base58>` (the prefix is optional). @default one generated
   * key pair, see {@link SimulatorCredentials}
   */
  publicKeys?: readonly string[];
  /**
   * The signature window in milliseconds. `orderly`: the most the `orderly-timestamp` may differ from the server
   * clock (default 300 000, the documented 300 s). `binance`: the `recvWindow` of a request that sends none
   * (default 5 000, as documented; a request's own `recvWindow`, at most 60 000, wins). Not for `alp`, which signs
   * no timestamp.
   */
  windowMs?: number;
}

/** The credentials a signing simulator accepts ({@link Simulator.signing}). Test values, not secrets. */
export interface SimulatorCredentials {
  /** How requests are signed. */
  scheme: 'alp-hmac' | 'orderly-ed25519' | 'binance-hmac';
  /**
   * `orderly`: an accepted `orderly-key` value (`ed25519:<base58>`, the first of `publicKeys`); `binance`: an API
   * key to send as `X-MBX-APIKEY` (any non-empty value is accepted); `alp`: `undefined` (ALP authenticates with a
   * JWT bearer token the simulator does not check).
   */
  key: string | undefined;
  /**
   * `alp`, `binance`: the HMAC secret. `orderly`: `ed25519:<base58 seed>` of a generated key pair, `undefined` when
   * the keys were given as `publicKeys`.
   */
  secret: string | undefined;
  /** The signature window in milliseconds (`undefined` for `alp`). */
  windowMs: number | undefined;
}

/**
 * How the list routes (and lookups) see the orders, for testing that a missing order proves nothing: a count cap,
 * a page size, a time window, and a visibility lag.
 *
 * @example
 * // Lists hold at most the 5 newest orders; an order shows up in lists and lookups 300 ms after it was placed.
 * await startSimulator({ dialect: 'binance', lists: { cap: 5, lagMs: 300 } });
 */
export interface ListOptions {
  /**
   * Only the newest `cap` matching orders are listed, whatever the query asks. @default `alp`: 100 (its reference:
   * "up to 100 most recent"); others: no cap
   */
  cap?: number;
  /**
   * The page size of a list query that names none: Orderly `size` (documented default 25, at most 500), Binance
   * `limit` (documented default 500, at most 1 000). Ignored by the other dialects. @default 25 / 500
   */
  pageSize?: number;
  /**
   * The longest span one list query may ask for (wider ones are refused with the dialect's bad-request answer),
   * and, where the API documents it, the default look-back. `alp`: 30 days (its reference: start_time/end_time
   * "must not exceed 30 days", default "30 days back from today"); `binance`: 24 h (`allOrders`: "can't be longer
   * than 24 hours", no default look-back). For `orderly`, `infinex` and `batchdata` it is off by default; when set,
   * a query without times sees only orders from the last `windowMs`. @default see above
   */
  windowMs?: number;
  /** An applied order shows in lists and lookups only this many milliseconds after it was applied. @default 0 */
  lagMs?: number;
}

/**
 * Binance's limits (binance/binance-spot-api-docs, rest-api.md "LIMITS"; enums.md "Rate limiters"): request weight
 * per IP in fixed windows, reported in `X-MBX-USED-WEIGHT-<n><unit>` on every response; over the limit a 429
 * −1003 with `Retry-After`; an IP that keeps sending while told to wait is banned with 418 + `Retry-After`.
 * The IP is the first `X-Forwarded-For` entry when sent (so a test can play several IPs), else the socket's.
 *
 * @example
 * await startSimulator({ dialect: 'binance', binance: { weightLimit: 20, weightWindowMs: 1_000, banMs: 2_000 } });
 */
export interface BinanceOptions {
  /** Request weight allowed per IP per window. @default 6000 (the documented REQUEST_WEIGHT limit) */
  weightLimit?: number;
  /**
   * The weight window in milliseconds, a whole number of seconds; windows are aligned to the clock, as Binance's
   * minute windows are. The header is named after it: 60 000 gives `X-MBX-USED-WEIGHT-1M`, 1 000 `-1S`.
   * @default 60000
   */
  weightWindowMs?: number;
  /** How long an IP ban lasts, in milliseconds (rounded up to whole seconds). @default 120000 (the documented minimum, 2 minutes) */
  banMs?: number;
  /**
   * How many requests from one IP arriving inside a `Retry-After` window (after a 429) get it banned: the
   * documentation says "repeatedly" without a number. @default 3
   */
  banAfter?: number;
  /**
   * The HTTP status of the −1007 "Timeout waiting for response from backend server … execution status unknown"
   * answer (`timeout-after` / `timeout-before` faults). The documentation gives the body, not the status; 408 is
   * what clients have reported seeing. @default 408
   */
  timeoutStatus?: number;
}
