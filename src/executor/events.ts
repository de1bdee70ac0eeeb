/**
 * Events: frozen contexts handed to `onX` hooks. A hook that throws fails the request with that error.
 * @module
 */
import type { AttemptRecord, RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import type { PauseSource } from '../limiter/types.js';
import type { Verdict } from '../policy/types.js';

/** Common to every event. */
export interface EventBase {
  readonly operationId: string;
  readonly method: string;
  /** Path and query, secrets redacted. */
  readonly url: string;
  /** Send number, from 1. */
  readonly attempt: number;
  readonly elapsedMs: number;
}

/** A send is about to go out. */
export type AttemptEvent = EventBase;
/** A retryable failure; the next send follows after `delayMs`. */
export interface RetryEvent extends EventBase {
  readonly verdict: Verdict;
  readonly delayMs: number;
}
/** The logical request failed for good. */
export interface GiveUpEvent extends EventBase {
  readonly error: Error;
  readonly history: readonly AttemptRecord[];
}
/** The logical request succeeded (or was verified applied). */
export interface SuccessEvent extends EventBase {
  readonly status: number;
  readonly reconciled: boolean;
}
/** A 429 (or body rate-limit code) paused this request or every request sharing its key. */
export interface ThrottleEvent extends EventBase {
  readonly waitMs: number;
  readonly source: PauseSource;
  readonly scope: 'request' | 'key';
  readonly failure: Failure;
}
/** A 2FA code was asked for (the code itself is never in an event). */
export interface OtpEvent extends EventBase {
  readonly ask: number;
  readonly rejected: boolean;
  readonly serverMessage: string;
}
/** One verify check ran. */
export interface VerifyEvent extends EventBase {
  readonly check: number;
  readonly outcome: 'applied' | 'absent' | 'unknown' | 'error';
  /** The hook's error message when it threw. */
  readonly error?: string | undefined;
}
/** `reconcilePending` settled (or could not settle) an operation left in doubt. */
export interface ReconcileEvent {
  readonly operationId: string;
  readonly request: RequestSummary;
  readonly outcome: 'applied' | 'absent' | 'unknown';
}

/** The event hooks of an executor. */
export interface ExecutorEvents {
  readonly onAttempt?: (e: AttemptEvent) => void;
  readonly onRetry?: (e: RetryEvent) => void;
  readonly onGiveUp?: (e: GiveUpEvent) => void;
  readonly onSuccess?: (e: SuccessEvent) => void;
  readonly onThrottle?: (e: ThrottleEvent) => void;
  readonly onOtp?: (e: OtpEvent) => void;
  readonly onVerify?: (e: VerifyEvent) => void;
  readonly onReconcile?: (e: ReconcileEvent) => void;
}
