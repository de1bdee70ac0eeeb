/**
 * Executor options, per-request options, hook contexts. Defaults live beside the types.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { BackoffOptions } from '../backoff.js';
import type { RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import { BREAKER_DEFAULTS, type BreakerOptions } from '../breaker/options.js';
import type { Breaker } from '../breaker/types.js';
import type { Journal } from '../journal/types.js';
import type { AdaptiveOptions } from '../limiter/adaptive.js';
import type { Limiter } from '../limiter/types.js';
import type { Rule } from '../policy/types.js';
import type { OtpPlacement, Profile } from '../profiles/types.js';
import type { Clock, Sleep } from '../time.js';
import type { Telemetry } from '../telemetry/types.js';
import type { ExecutorEvents } from './events.js';

/** What the OTP hook is told. Never contains a previous code. */
export interface OtpContext {
  /** The logical request's operation id. */
  readonly operationId: string;
  /** The request, redacted of secrets. */
  readonly request: RequestSummary;
  /** The server's message (e.g. where the code was sent). */
  readonly serverMessage: string;
  /** Which ask this is for this logical request, from 1. */
  readonly attempt: number;
  /** True when the server refused the previous code. */
  readonly rejected: boolean;
  /** Aborts when the caller aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** Milliseconds left before the deadline. */
  readonly remainingMs: number;
}

/** Supplies a 2FA code: a person typing it, an e-mail reader, or `totp({ secret })`. */
export type OtpHook = (ctx: OtpContext) => string | Promise<string>;

/** What a verify hook found out. */
export type VerifyResult =
  | {
      /** The request was applied. */
      readonly outcome: 'applied';
      /** Handed to the caller as the reconciled response's `data`. */
      readonly data?: unknown;
    }
  | {
      /** The request was not applied: it may be resent with the same operation id. */
      readonly outcome: 'absent';
    }
  | {
      /** Could not tell; the next check (if any) asks again. */
      readonly outcome: 'unknown';
      /**
       * When the next check can tell more (e.g. the settle time ends then): the executor makes its next check
       * after this many ms instead of its own backoff (still within `verifyChecks` and the deadline).
       */
      readonly checkAgainInMs?: number;
    };

/** What the verify hook is told. */
export interface VerifyContext {
  /** The operation id to look up (the same on every attempt and resend). */
  readonly operationId: string;
  /** The request as sent, redacted of secrets (its body includes the operation id where the profile puts one). */
  readonly request: RequestSummary;
  /** The ambiguous failure. */
  readonly failure: Failure;
  /** Which check this is, from 1. */
  readonly check: number;
  /** Milliseconds since the logical request began. */
  readonly elapsedMs: number;
  /** Aborts when the caller aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** The executor's axios instance, for lookups. Lookups through it are not retried by resolute. */
  readonly http: AxiosInstance;
  /**
   * At least this long (ms) has passed since any send of the operation could have left: in the executor, since
   * the ambiguous failure was observed; in `reconcilePending`, since its owner's deadline (recorded with the
   * intent; nothing is sent after it) passed, 0 while it has not. The ready lookups judge an `absent` by it.
   */
  readonly sinceFailureMs?: number;
}

/** Asks the API whether an ambiguous request was applied. */
export type VerifyHook = (ctx: VerifyContext) => VerifyResult | Promise<VerifyResult>;

/** What `prepare` is told. */
export interface PrepareContext {
  /** The logical request's operation id; `''` while it has none yet. */
  readonly operationId: string;
  /** The send number, from 1. */
  readonly attempt: number;
  /** True when this send carries a 2FA code. */
  readonly otp: boolean;
  /** The caller's abort signal (`config.signal`), when given. */
  readonly signal?: AbortSignal | undefined;
}

/** Runs before every send; returns the config to send (re-signed, fresh timestamp). Never mutate the argument's nested objects. */
export type Prepare = (config: AxiosRequestConfig, ctx: PrepareContext) => AxiosRequestConfig | Promise<AxiosRequestConfig>;

/** A proactive rate limit. */
export interface RateLimitOption {
  /** Units of weight allowed per interval (a weight-1 request costs 1). */
  readonly limit: number;
  /** The interval, in milliseconds. */
  readonly intervalMs: number;
}

/** Retry budget: retries across one executor are limited to a share of requests. */
export interface RetryBudgetOptions {
  /** Retries allowed per request sent. @default 0.2 */
  readonly ratio?: number;
  /** Retries always allowed per second, whatever the ratio. @default 5 */
  readonly minPerSecond?: number;
  /** How long a deposit counts, in ms. @default 10_000 */
  readonly ttlMs?: number;
}

/** Per-request options, in `config.resolute`. */
export interface ResoluteRequestOptions {
  /** Overrides the executor's `maxAttempts`. */
  readonly maxAttempts?: number;
  /** Overrides the executor's `deadlineMs`. */
  readonly deadlineMs?: number;
  /** Marks the request safe (true) or not safe (false) to repeat, whatever its method. */
  readonly idempotent?: boolean;
  /** The operation id to use (default: the body's client id where the profile has one, else a new UUIDv7). */
  readonly operationId?: string;
  /** Overrides the executor's OTP hook. */
  readonly otp?: OtpHook;
  /** Overrides the executor's verify hook. */
  readonly verify?: VerifyHook;
  /** Slots this request costs in the limiter. @default 1 */
  readonly weight?: number;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** resolute's per-request options. */
    resolute?: ResoluteRequestOptions;
  }
  interface AxiosResponse {
    /** Present when the response was reconstructed by verification rather than received. */
    reconciled?: { readonly operationId: string; readonly checks: number };
  }
}

/** Options of `createExecutor`. Every field is optional. */
export interface ExecutorOptions extends ExecutorEvents {
  /** The axios instance to send with. @default the global `axios` */
  readonly http?: AxiosInstance;
  /** What the API is. @default profiles.generic */
  readonly profile?: Profile;
  /** User rules, checked before the profile's. */
  readonly rules?: readonly Rule[];
  /** Total sends of one logical request, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Total budget of one logical request in ms, waits included. @default 30_000 */
  readonly deadlineMs?: number;
  /** Backoff scale. @default 250 */
  readonly baseDelayMs?: number;
  /** Longest backoff delay. @default 15_000 */
  readonly maxDelayMs?: number;
  /** Jitter. @default 'full' */
  readonly jitter?: BackoffOptions['jitter'];
  /** Longest server-requested wait honoured; longer ones are capped. @default 300_000 */
  readonly maxRetryAfterMs?: number;
  /** Supplies 2FA codes on `otp` verdicts. */
  readonly otp?: OtpHook;
  /** Codes tried before giving up with TwoFactorError. @default 3 */
  readonly otpAttempts?: number;
  /** Where the code goes; overrides the profile's. @default the profile's, else { bodyField: 'code2FA' } */
  readonly otpPlacement?: OtpPlacement;
  /** Status codes that mean "the code was refused" are in the profile's rules; this hook decides ambiguity. */
  readonly verify?: VerifyHook;
  /** Wait before the first verify check. @default 1_000 */
  readonly verifyDelayMs?: number;
  /** Verify checks before IndeterminateError. @default 5 */
  readonly verifyChecks?: number;
  /**
   * Durable record of unsafe requests, from intent to delivered outcome: `fileJournal(path)` or
   * `redisJournal({ client })`. See `executor.outcomeOf` and `executor.reconcilePending`.
   */
  readonly journal?: Journal;
  /**
   * Longest wait for one journal call (record, settle, deliver, lookup), in ms. A record that takes longer fails
   * the request with a `JournalError` (nothing sent); a settle that takes longer is reported to `onJournalError`
   * and the caller gets its outcome.
   * @default 5_000
   * @example
   * ```ts
   * createExecutor({ journal: redisJournal({ client }), journalTimeoutMs: 2_000 });
   * ```
   */
  readonly journalTimeoutMs?: number;
  /** Throttling backend shared by requests with the same key. `false` turns throttling sharing off. @default memoryLimiter() */
  readonly limiter?: Limiter | false;
  /**
   * Proactive rate limit for every key (in the default memory limiter). `false` also turns off the profile's
   * documented limits. @default the profile's documented limits, per route
   */
  readonly rateLimit?: RateLimitOption | false;
  /**
   * Learned rate in the default limiter: after a 429 that names no window the allowed rate drops
   * multiplicatively (once per window), then climbs back along a CUBIC curve. @default true for profiles without a documented limit
   */
  readonly adaptive?: boolean | AdaptiveOptions;
  /** Limiter slots a request costs. @default 1 (or config.resolute.weight) */
  readonly weight?: (config: AxiosRequestConfig) => number;
  /** The limiter key of a request. @default origin + hash of the credential header */
  readonly limiterKey?: (config: AxiosRequestConfig) => string;
  /** Retry budget. `false` turns it off. @default { ratio: 0.2, minPerSecond: 5, ttlMs: 10_000 } */
  readonly retryBudget?: RetryBudgetOptions | false;
  /**
   * Circuit breaker per limiter key: when outages (5xx, overload codes, timeouts, network errors; never 4xx or
   * 429) reach `failureRatio` of the window's calls, requests to the key fail fast with `CircuitOpenError` for
   * `openMs`, then a probe decides. Thresholds for the in-process breaker, a breaker (`memoryBreaker()`,
   * `redisBreaker({ client })` to share it across processes), or `false` to turn it off.
   * @default on: { failureRatio: 0.5, minimumCalls: 20, windowCalls: 100, windowMs: 10_000, minimumSpanMs: 250, openMs: 5_000, halfOpenProbes: 1 }
   * @example
   * createExecutor({ breaker: { failureRatio: 0.5, minimumCalls: 20, openMs: 5_000 } });
   * createExecutor({ breaker: redisBreaker({ client: new Redis(url) }) });
   */
  readonly breaker?: BreakerOptions | Breaker | false;
  /** Runs before every send. */
  readonly prepare?: Prepare;
  /** Time source (tests). @default systemClock */
  readonly clock?: Clock;
  /** Abortable sleep (tests). @default setTimeout-based */
  readonly sleep?: Sleep;
  /** Randomness in [0,1) (tests). @default Math.random */
  readonly random?: () => number;
  /**
   * Traces and metrics of every logical request. Without it no telemetry code runs and `@opentelemetry/api` is
   * never loaded. @default none
   * @example
   * ```ts
   * createExecutor({ telemetry: openTelemetry({ routes: ['/v1/order'] }) }); // the global tracer and meter providers
   * ```
   */
  readonly telemetry?: Telemetry;
}

/** The defaults, in one place. */
export const DEFAULTS = Object.freeze({
  /** Total sends of one logical request, the first included. */
  maxAttempts: 5,
  /** Total budget of one logical request in ms, waits included. */
  deadlineMs: 30_000,
  /** Backoff scale, in ms. */
  baseDelayMs: 250,
  /** Longest backoff delay, in ms. */
  maxDelayMs: 15_000,
  /** Backoff jitter. */
  jitter: 'full' as const,
  /** Longest server-requested wait honoured, in ms; longer ones are capped. */
  maxRetryAfterMs: 300_000,
  /** Codes tried before giving up with TwoFactorError. */
  otpAttempts: 3,
  /** Wait before the first verify check, in ms. */
  verifyDelayMs: 1_000,
  /** Verify checks before IndeterminateError. */
  verifyChecks: 5,
  /** Longest wait for one journal call, in ms. */
  journalTimeoutMs: 5_000,
  /** The circuit breaker's thresholds (`BREAKER_DEFAULTS`). */
  breaker: BREAKER_DEFAULTS,
  /** The retry budget. */
  retryBudget: {
    /** Retries allowed per request sent. */
    ratio: 0.2,
    /** Retries always allowed per second, whatever the ratio. */
    minPerSecond: 5,
    /** How long a deposit counts, in ms. */
    ttlMs: 10_000,
  },
});
