/**
 * Public types of the fault-injecting exchange simulator (`resolute/testing`).
 * @module
 */

import type { BinanceOptions, ListOptions, SigningOptions, SimulatorCredentials } from './config-types.js';

/** The API whose paths, success bodies and error bodies the simulator speaks. */
export type DialectName = 'infinex' | 'batchdata' | 'alp' | 'orderly' | 'binance' | 'bybit' | 'okx';

/** The logical routes every dialect serves (the concrete paths differ per dialect, see {@link SimulatorRoutes}). */
export type RouteName = 'placeOrder' | 'getOrder' | 'listOrders' | 'withdraw' | 'ticker';

/**
 * A fault the simulator can inject into one request.
 *
 * - `500`, `503`: the dialect's error body, effect not applied.
 * - `overload`: the dialect's own overload answer (ALP: 400 `SERVICE_OVERLOADED`; Orderly: 400 code `"-1011"`;
 *   Infinex and BatchData document none, so 503), not applied.
 * - `429`: the dialect's rate-limit body with `Retry-After` (seconds), not applied; opens a Retry-After window
 *   for the caller's API key. `429-no-retry-after`: the same without the header (and without a window).
 * - `502-html`: an nginx-style HTML error page (`text/html`), not applied.
 * - `504-after`: the effect IS applied, then a 504 is answered. `504-before`: a 504, not applied.
 * - `reset-before`: the socket is destroyed without applying. `reset-after`: applied, then the socket is destroyed.
 * - `slow`: applied at once, the normal response is sent after `slowMs`.
 * - `malformed`: HTTP 500, `application/json`, with the dialect's 500 body truncated in the middle; not applied.
 * - `empty`: HTTP 503 with an empty body; not applied.
 * - `511`: the dialect's `REQUIRE_2FA` answer; not applied.
 * - `timeout-after`: the effect IS applied, then the API's own "backend timeout, execution status unknown" answer
 *   (Binance: −1007 TIMEOUT, HTTP {@link BinanceOptions.timeoutStatus}; the other APIs document none, so their
 *   504). `timeout-before`: the same answer, not applied.
 */
export type FaultName =
  | '500'
  | '503'
  | 'overload'
  | '429'
  | '429-no-retry-after'
  | '502-html'
  | '504-after'
  | '504-before'
  | 'reset-before'
  | 'reset-after'
  | 'slow'
  | 'malformed'
  | 'empty'
  | '511'
  | 'timeout-after'
  | 'timeout-before';

/** Token-bucket rate limit applied per API key. */
export interface RateLimitOptions {
  /** Bucket capacity, and the number of tokens refilled (continuously) per `intervalMs`. */
  limit: number;
  /** The refill interval in milliseconds. */
  intervalMs: number;
  /**
   * Send `Retry-After` (whole seconds, rounded up, at least 1) with the 429. Default `true`, except for
   * `batchdata`, which documents no Retry-After: there it is sent only when this is explicitly `true`.
   */
  retryAfter?: boolean;
}

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The API to imitate. */
  dialect: DialectName;
  /** Random per-arrival fault probabilities (each in 0..1, summing to at most 1), drawn from a seeded PRNG. */
  faults?: Partial<Record<FaultName, number>>;
  /** Routes random faults apply to. Default `placeOrder`, `withdraw`, `ticker` (not the lookups). */
  faultRoutes?: RouteName[];
  /** PRNG seed (default 1): the same seed and the same arrival sequence give the same faults. */
  seed?: number;
  /**
   * How random faults are drawn. `'arrival'`: one draw per arrival on a fault route, in arrival order, so the same
   * seed and the same arrival order give the same faults. `'request'`: one draw per request and attempt, hashed
   * from the seed, the request (its intent, else its method and path with the query string) and how many times
   * it has arrived, so concurrent clients meet the same faults whatever order their requests arrive in; arrivals
   * refused by `rateLimit` draw nothing (those 429s depend on timing).
   * @default 'arrival'
   * @example
   * startSimulator({ dialect: 'orderly', faults: { '504-after': 0.05 }, seed: 42, faultDraw: 'request' });
   */
  faultDraw?: 'arrival' | 'request';
  /** A token bucket per API key (Binance: per IP, as its limits are); over it the dialect's 429 is answered. */
  rateLimit?: RateLimitOptions;
  /**
   * Base32 TOTP secret (SHA1, 6 digits, 30 s, window ±1) checked on the withdrawal route's `code2FA`.
   * When absent, withdrawals need no 2FA.
   */
  otpSecret?: string;
  /** Delay in milliseconds added before every response (and before every injected reset). */
  latencyMs?: number;
  /** How long the `slow` fault holds the response, in milliseconds (default 2000). */
  slowMs?: number;
  /** Port to listen on (default 0: ephemeral). The simulator always binds 127.0.0.1. */
  port?: number;
  /**
   * The body field naming the client's intent, on both mutating routes. Default: `client_order_id` for `alp` and
   * `orderly`; for `binance` `newClientOrderId` on orders and `withdrawOrderId` on withdrawals; none for the others.
   * When the field is absent (or no key is set), the intent is a canonical JSON of method, route and body (without
   * `code2FA`, and for `binance` without `timestamp`, `recvWindow` and `signature`), so a 2FA resubmission or a
   * re-signed resend keeps its intent.
   */
  intentKey?: string;
  /**
   * ALP only: when set, every POST/DELETE must carry `X-SIGN` = hex HMAC-SHA256(apiSecret, raw body bytes),
   * else 403 `MISSING_SIGNATURE` / `INVALID_SIGNATURE`. The same as `signing: { secret: apiSecret }`.
   */
  apiSecret?: string;
  /** Request signatures to demand, as the real API does (opt-in; see {@link SigningOptions}). */
  signing?: SigningOptions;
  /** Caps, page sizes, time windows and visibility lag of the list routes and lookups ({@link ListOptions}). */
  lists?: ListOptions;
  /** Binance only: weight limit, window, IP bans and the −1007 status ({@link BinanceOptions}). */
  binance?: BinanceOptions;
  /**
   * The server clock (ms since the epoch) used for arrival times, signature windows, weight windows, bans,
   * Retry-After windows, token buckets, list windows, the visibility lag and TOTP checks; e.g. a test's own clock,
   * to age signatures without waiting. Response delays (`latencyMs`, `slowMs`) are still real timers.
   *
   * @example
   * let t = Date.now();
   * const sim = await startSimulator({ dialect: 'orderly', signing: {}, now: () => t });
   * t += 301_000; // a signature made before this line is now refused as stale
   * @default Date.now
   */
  now?: () => number;
}

export type { BinanceOptions, ListOptions, SigningOptions, SimulatorCredentials } from './config-types.js';

/** The dialect-specific paths of the simulated routes (relative to {@link Simulator.url}). */
export interface SimulatorRoutes {
  /** POST: place an order (the billable request for `batchdata`). */
  placeOrder: string;
  /**
   * GET: the path looking up one order by its client order id: the documented lookup for `orderly`
   * (`/v1/client/order/{id}`) and `binance` (`/api/v3/order?symbol=BTCUSDT&origClientOrderId={id}`). ALP documents
   * no lookup: there it is a simulator-only path (`/_sim/alp/order/{client_order_id}`), an oracle for tests, not
   * something a client of the real API can call. `infinex` and `batchdata` have no client order id and look up by
   * the intent: Infinex's order history filtered by the simulator-only query `intent`, BatchData's simulator-only
   * `/api/v1/property/skip-trace/{intent}`.
   */
  getOrder(clientOrderId: string): string;
  /**
   * GET: list the orders (`binance`: `/api/v3/allOrders?symbol=BTCUSDT`, the symbol being mandatory there; append
   * more parameters with `&`). See {@link ListOptions} for caps, windows and lag.
   */
  listOrders: string;
  /** POST: withdraw (2FA-protected when `otpSecret` is set). */
  withdraw: string;
  /** GET: a public read. */
  ticker: string;
}

/** One request the simulator received, in arrival order. */
export interface Arrival {
  /** 1-based arrival number. */
  seq: number;
  /** `Date.now()` when the request body had been read. */
  at: number;
  /** HTTP method. */
  method: string;
  /** The request target as sent (path and query string). */
  path: string;
  /** The route it matched, or `'unknown'`. */
  route: RouteName | 'unknown';
  /** The client's intent (only for `placeOrder` and `withdraw`). */
  intent?: string;
  /** The API key: `Authorization`, else `X-Api-Key`, else `X-MBX-APIKEY`, else `orderly-key`, else `'anon'`. */
  apiKey: string;
  /** The client IP: the first `X-Forwarded-For` entry when sent, else the socket's address (Binance limits per IP). */
  ip: string;
  /** The raw request body (UTF-8). */
  rawBody: string;
  /** The request headers, lower-cased names, repeated values joined with `, `. */
  headers: Record<string, string>;
  /** The fault injected into this request, if any. */
  fault?: FaultName;
  /** The HTTP status sent; absent while pending and for socket resets. */
  status?: number;
  /** Whether the key had been told to wait by a Retry-After that had not yet elapsed when this arrived. */
  insideRetryAfter: boolean;
  /** Whether this request's effect was applied (recorded in the ledger). */
  applied: boolean;
  /** The signature check, when the simulator demanded a signature of this request (see {@link SigningOptions}). */
  signature?: SignatureVerdict;
}

/**
 * A signature check: `ok`; `missing` (no signature, or a mandatory signing header or parameter absent); `invalid`
 * (does not verify, unknown key, malformed); `expired` (timestamp outside the window, or too far ahead).
 */
export type SignatureVerdict = 'ok' | 'missing' | 'invalid' | 'expired';

/** One applied side effect (an order placed or a withdrawal made). */
export interface Effect {
  /** The client's intent. */
  intent: string;
  /** The route that applied it. */
  route: RouteName;
  /** `Date.now()` when applied. */
  at: number;
  /** The parsed request body (without `code2FA`). */
  body: unknown;
  /** The arrival's {@link Arrival.seq}. */
  seq: number;
}

/** One Retry-After window the server announced: `apiKey` was told at `from` to wait until `until` (ms since the epoch). */
export interface RetryAfterWindow {
  /** The key it was announced to: the API key (Binance: the client IP, whose limits these are). */
  apiKey: string;
  /** The server clock ({@link SimulatorOptions.now}) when the answer carrying `Retry-After` was sent. */
  from: number;
  /** `from` plus the announced seconds. */
  until: number;
}

/** The client's final word on one intent, for {@link Ledger.audit}. */
export type IntentOutcome = 'succeeded' | 'failed' | 'indeterminate';

/** The result of {@link Ledger.audit}. */
export interface AuditReport {
  /** Distinct intents seen (applied or reported by the client). */
  intents: number;
  /** Distinct intents applied at least once. */
  applied: number;
  /** Distinct intents applied more than once. */
  duplicates: number;
  /** Intents whose outcome the client got wrong or dropped (see {@link Ledger.audit}). */
  lost: number;
  /** The lost intents. */
  lostIntents: string[];
  /** Intents the client surfaced as indeterminate (not lost). */
  indeterminate: number;
}

/** What the simulated exchange actually did, for asserting exactly-once behaviour. */
export interface Ledger {
  /** Every applied effect, in order. */
  readonly effects: readonly Effect[];
  /** How many times `intent` was applied. */
  count(intent: string): number;
  /** Intents applied more than once. */
  duplicates(): string[];
  /** Arrivals (any route) that came while their API key was inside a Retry-After window the server had sent. */
  insideRetryAfter(): number;
  /** Requests refused for their signature (verdict other than `ok`); 0 when the simulator does not sign. */
  readonly refusedSignatures: number;
  /** Every Retry-After window the server announced, in the order the answers were sent (they may overlap). */
  retryAfterWindows(): readonly RetryAfterWindow[];
  /**
   * Compares the client's outcomes with the ledger. An intent is lost when it was applied but the client says
   * `'failed'`, when the client says `'succeeded'` but it was never applied, or when it was applied but is missing
   * from `outcomes` (the client gave up silently). `'indeterminate'` is surfaced to the caller, so not lost.
   */
  audit(outcomes: ReadonlyMap<string, IntentOutcome>): AuditReport;
}

/** A scripted fault for {@link Simulator.inject}. */
export interface FaultScript {
  /** The route it applies to; `'*'` or absent: any route. */
  route?: RouteName | '*';
  /** The fault to inject. */
  fault: FaultName;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Retry-After seconds for `429` (default 1). */
  retryAfterSec?: number;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** The bound port. */
  port: number;
  /** The dialect spoken. */
  dialect: DialectName;
  /** The dialect's paths. */
  routes: SimulatorRoutes;
  /** The credentials it accepts, when it demands signatures ({@link SimulatorOptions.signing}); else `undefined`. */
  signing: SimulatorCredentials | undefined;
  /** What was actually applied. */
  ledger: Ledger;
  /** Every request received, in order. */
  arrivals: readonly Arrival[];
  /**
   * Scripts a fault: the next `times` requests matching `route` get `fault`. Scripts take precedence over random
   * faults and apply to any route (including lookups); they are consumed in the order they were added.
   */
  inject(script: FaultScript): void;
  /**
   * Replaces the random fault probabilities from the next arrival on (validated like
   * {@link SimulatorOptions.faults}; `{}` turns random faults off), e.g. to switch an outage on and off. The PRNG
   * is not reseeded: the fault sequence still depends only on the seed, the arrival sequence and these calls.
   */
  setFaults(faults: Partial<Record<FaultName, number>>): void;
  /** Stops listening, closes every socket (keep-alive included) and clears every timer. Idempotent. */
  close(): Promise<void>;
}
