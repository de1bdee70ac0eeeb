/**
 * Events: frozen contexts handed to `onX` hooks. A hook that throws fails the request with that error.
 * @module
 */
import type { BreakerState } from '../breaker/types.js';
import type { AttemptRecord, JournalError, JournalStage, RequestSummary } from '../errors.js';
import type { SettledOutcome } from '../journal/types.js';
import type { Failure } from '../failure/types.js';
import type { PauseSource } from '../limiter/types.js';
import type { Verdict } from '../policy/types.js';

/** Common to every event. */
export interface EventBase {
  /** The logical request's operation id; `''` while it has none yet. */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path and query, secrets redacted. */
  readonly url: string;
  /** Send number, from 1. */
  readonly attempt: number;
  /** Milliseconds since the logical request began. */
  readonly elapsedMs: number;
}

/** A send is about to go out. */
export type AttemptEvent = EventBase;
/** A retryable failure; the next send follows after `delayMs`. */
export interface RetryEvent extends EventBase {
  /** The verdict that called for the retry. */
  readonly verdict: Verdict;
  /** Milliseconds before the next send: the backoff delay or the server's requested wait, whichever is longer. */
  readonly delayMs: number;
}
/** The logical request failed for good. */
export interface GiveUpEvent extends EventBase {
  /** The error that ends the request. */
  readonly error: Error;
  /** The attempt history so far, oldest first. */
  readonly history: readonly AttemptRecord[];
}
/** The logical request succeeded (or was verified applied). */
export interface SuccessEvent extends EventBase {
  /** The response's HTTP status (200 for a reconciled response). */
  readonly status: number;
  /** True when verification found the request applied and the response was reconstructed rather than received. */
  readonly reconciled: boolean;
}
/** A 429 (or body rate-limit code) paused this request or every request sharing its key. */
export interface ThrottleEvent extends EventBase {
  /** Milliseconds to wait: the server's requested wait (plus a small margin), else a backoff delay without jitter. */
  readonly waitMs: number;
  /** `header` when the server gave the wait, `backoff` when resolute computed it. */
  readonly source: PauseSource;
  /** `key` when the limiter paused every request sharing this request's key; `request` with `limiter: false`. */
  readonly scope: 'request' | 'key';
  /** The failure that was throttled. */
  readonly failure: Failure;
}
/** A 2FA code was asked for (the code itself is never in an event). */
export interface OtpEvent extends EventBase {
  /** Which ask this is for this logical request, from 1. */
  readonly ask: number;
  /** True when the server refused the previous code. */
  readonly rejected: boolean;
  /** The server's message (e.g. where the code was sent). */
  readonly serverMessage: string;
}
/** One verify check ran. */
export interface VerifyEvent extends EventBase {
  /** Which check this is, from 1. */
  readonly check: number;
  /** What the check found; `error` when the hook threw or returned no `{ outcome }`. */
  readonly outcome: 'applied' | 'absent' | 'unknown' | 'error';
  /** The hook's error message when it threw. */
  readonly error?: string | undefined;
}
/** `reconcilePending` reports an operation: verified now, or settled earlier and never delivered. */
export interface ReconcileEvent {
  /** The journaled operation's id. */
  readonly operationId: string;
  /** The request as journaled, redacted of secrets. */
  readonly request: RequestSummary;
  /**
   * `verified`: it was in doubt and `verify` ran now: `applied` or `absent` (now settled), or `unknown` (left pending,
   * also when the hook failed). `undelivered`: a process settled it and died before its caller got it: its outcome.
   */
  readonly outcome: 'applied' | 'absent' | 'unknown' | 'succeeded' | 'failed';
  /** Where the report comes from. */
  readonly source: 'verified' | 'undelivered';
}

/** A key's circuit changed state (closed → open → half-open → closed, or half-open → open). */
export interface BreakerEvent {
  /** The limiter key: origin plus a hash of the credential (never a secret; URL userinfo dropped). */
  readonly key: string;
  /** The key's origin, e.g. `https://api.example.com`. */
  readonly origin: string;
  /** The state it left. */
  readonly from: BreakerState;
  /** The state it entered. */
  readonly to: BreakerState;
  /** Failed share of the calls behind the change (the window's when it opens from closed, the probes' otherwise), 0..1. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;
  /** Epoch ms when the next probe may go (`open`) or the probe round expires (`half-open`); absent when closed. */
  readonly probeAt?: number | undefined;
}

/** The event hooks of an executor. */
export interface ExecutorEvents {
  /** Called just before each send (after `prepare` and the limiter). */
  readonly onAttempt?: (e: AttemptEvent) => void;
  /** Called when a retryable failure will be retried, before the wait. */
  readonly onRetry?: (e: RetryEvent) => void;
  /** Called when the request fails for good, with the error that ends it. */
  readonly onGiveUp?: (e: GiveUpEvent) => void;
  /** Called when the request succeeds, or verification found it applied. */
  readonly onSuccess?: (e: SuccessEvent) => void;
  /** Called when a throttle verdict pauses the request (or every request sharing its key). */
  readonly onThrottle?: (e: ThrottleEvent) => void;
  /** Called each time a 2FA code is asked for, before the OTP hook runs. */
  readonly onOtp?: (e: OtpEvent) => void;
  /** Called after each verify check. */
  readonly onVerify?: (e: VerifyEvent) => void;
  /** Called by `reconcilePending` for each operation it reports. */
  readonly onReconcile?: (e: ReconcileEvent) => void;
  /** Called on every state change of a key's circuit breaker (in the request that saw it). */
  readonly onBreaker?: (e: BreakerEvent) => void;
  /**
   * Called when a journal call fails or times out. At stage `record` the request then fails with this error
   * (nothing was sent); at `settle` the caller gets its outcome anyway and the operation stays pending. An error
   * this hook throws never replaces an outcome: it is rethrown asynchronously (an uncaught exception).
   */
  readonly onJournalError?: (e: JournalErrorEvent) => void;
}

/** A journal call failed (see {@link ExecutorEvents.onJournalError}). */
export interface JournalErrorEvent {
  /** The operation concerned; `''` for calls about none (`pending`, `undelivered`). */
  readonly operationId: string;
  /** The journal call that failed. */
  readonly stage: JournalStage;
  /** The error (its `cause`: the journal's own error, sanitized). */
  readonly error: JournalError;
  /** At stage `settle`: the outcome that could not be written (the caller got it; the journal still says pending). */
  readonly outcome?: SettledOutcome | undefined;
}
