/**
 * The failure model: every failed attempt, whatever its origin, becomes one `Failure`.
 * @module
 */

/** What went wrong, at the transport level. */
export type FailureKind = 'http' | 'network' | 'timeout' | 'cancelled';

/** An API's own error code: a string slug (`SERVICE_OVERLOADED`) or a number (Orderly `-1011`). */
export type ApiCode = string | number;

/**
 * Why an HTTP failure's body gave no API error, when it did not: `empty`; `html` (a proxy's page); `text`;
 * `malformed` (broken JSON); `too-large` (over 1 MiB, not parsed); `binary` (not UTF-8 text); `unrecognized`
 * (JSON, but not of the profile's error shape); `unreadable` (reading it failed: a hostile value, a stream).
 * The failure is still classified by status and method: a 5xx to a POST is still `verify`.
 */
export type BodyIssue = 'empty' | 'html' | 'text' | 'malformed' | 'too-large' | 'binary' | 'unrecognized' | 'unreadable';

/** One failed attempt, normalized. Plain data: no I/O, no secrets (request headers are never kept). */
export interface Failure {
  /** http (the server answered), network (no answer), timeout (the client gave up), cancelled (aborted). */
  readonly kind: FailureKind;
  /**
   * Whether the request may have reached the server. `false` only when it provably did not
   * (ECONNREFUSED, ENOTFOUND, EAI_AGAIN, unreachable host, TLS failure before write).
   */
  readonly sent: boolean;
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined;
  /** The API's own error code from the body (numeric strings become numbers). */
  readonly code?: ApiCode | undefined;
  /** A human-readable message (the API's, or a description of the transport error). Display only; at most 300 characters. */
  readonly message: string;
  /** Per-field validation errors (ALP `fields`); at most 50 fields, values cut at 300 characters. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
  /** How long the server asked us to wait (Retry-After, RateLimit-Reset, X-RateLimit-Reset), capped. */
  readonly retryAfterMs?: number | undefined;
  /** Response headers (lower-cased; credential-like ones such as Set-Cookie redacted), when the server answered. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The transport error code (ECONNRESET, ETIMEDOUT...), when there was one. */
  readonly errorCode?: string | undefined;
  /** Why the body held no API error, when the server answered without one the profile could read. */
  readonly bodyIssue?: BodyIssue | undefined;
}
