/**
 * The typed errors thrown at the public boundary. Each carries the attempt history and a `cause`.
 * @module
 */
import type { ApiCode, Failure, FailureKind } from './failure/types.js';
import type { Action } from './policy/types.js';

/** One send (or check) in a logical request's history. No headers, no secrets. */
export interface AttemptRecord {
  /** The send number, from 1. */
  readonly attempt: number;
  /** What happened: the verdict's action, or `success`. */
  readonly action: Action | 'success';
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined;
  /** The API's own error code, when the failure had one. */
  readonly code?: ApiCode | undefined;
  /** The failure's kind (absent on `success`). */
  readonly kind?: FailureKind | undefined;
  /** The verdict's reason (absent on `success`). */
  readonly reason?: string | undefined;
  /** The wait before the next send, when there was one. */
  readonly delayMs?: number | undefined;
  /** Milliseconds since the logical request began, when this send ended. */
  readonly elapsedMs: number;
}

/** The request a logical operation was about, redacted of secrets. */
export interface RequestSummary {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL as configured, secret query parameters redacted. */
  readonly url: string;
  /** The config's `baseURL`, when set. */
  readonly baseURL?: string | undefined;
  /** Query parameters, secret fields redacted. */
  readonly params?: unknown;
  /** The request body, secret fields redacted. */
  readonly data?: unknown;
  /** Request headers, secret ones redacted. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Context every resolute error carries. */
export interface ErrorDetails {
  readonly operationId: string;
  readonly request: RequestSummary;
  readonly attempts: readonly AttemptRecord[];
  /** The last failure, when there was one. */
  readonly failure?: Failure | undefined;
  readonly cause?: unknown;
}

/** Base class of every error resolute throws on purpose. */
export class ResoluteError extends Error {
  /** The error class's name, e.g. `PermanentError`. */
  override readonly name: string = 'ResoluteError';
  /** The logical request's operation id (one is made when it had none), for reconciling by hand. */
  readonly operationId: string;
  /** The request, redacted of secrets. */
  readonly request: RequestSummary;
  /** The attempt history, oldest first. */
  readonly attempts: readonly AttemptRecord[];
  /** The last failure, when there was one. */
  readonly failure: Failure | undefined;

  constructor(message: string, details: ErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operationId = details.operationId;
    this.request = details.request;
    this.attempts = Object.freeze([...details.attempts]);
    this.failure = details.failure;
  }
}

/** The API said no and retrying will not help: its status, code, message and per-field errors. */
export class PermanentError extends ResoluteError {
  override readonly name = 'PermanentError';
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The API's own error code, when the body had one. */
  readonly code: ApiCode | undefined;
  /** The failure's message: the API's, or a description of the transport error. */
  readonly apiMessage: string | undefined;
  /** Per-field validation errors, when the API gave them. */
  readonly fields: Readonly<Record<string, string>> | undefined;

  constructor(message: string, details: ErrorDetails & { readonly failure: Failure }) {
    super(message, details);
    this.status = details.failure.status;
    this.code = details.failure.code;
    this.apiMessage = details.failure.message;
    this.fields = details.failure.fields;
  }
}

/** Why retries stopped. */
export type ExhaustedReason = 'attempts' | 'budget';

/** Retryable failures kept coming until `maxAttempts` (or the executor's retry budget) ran out. */
export class RetriesExhaustedError extends ResoluteError {
  override readonly name = 'RetriesExhaustedError';
  /** `attempts` when `maxAttempts` ran out, `budget` when the executor's retry budget did. */
  readonly reason: ExhaustedReason;

  constructor(message: string, details: ErrorDetails & { readonly reason: ExhaustedReason }) {
    super(message, details);
    this.reason = details.reason;
  }
}

/** Two-factor resubmission could not complete: no hook, the hook failed, or codes kept being refused. */
export class TwoFactorError extends ResoluteError {
  override readonly name = 'TwoFactorError';
  /** The server's message (e.g. where the code was sent). */
  readonly serverMessage: string | undefined;

  constructor(message: string, details: ErrorDetails) {
    super(message, details);
    this.serverMessage = details.failure?.message;
  }
}

/** One verify check, as recorded on an `IndeterminateError`. */
export interface CheckRecord {
  /** Which check this was, from 1. */
  readonly check: number;
  /** What the check found; `error` when the hook threw or returned no `{ outcome }`. */
  readonly outcome: 'applied' | 'absent' | 'unknown' | 'error';
  /** Milliseconds since the logical request began, when the check ended. */
  readonly elapsedMs: number;
  /** The hook's error message when it threw. */
  readonly error?: string | undefined;
}

/**
 * The request may or may not have been applied and resolute could not find out. Never resent blindly.
 * Reconcile by hand with `operationId` and `request`.
 */
export class IndeterminateError extends ResoluteError {
  override readonly name = 'IndeterminateError';
  /** The verify checks that ran, in order (empty when none ran). */
  readonly checks: readonly CheckRecord[];

  constructor(message: string, details: ErrorDetails & { readonly checks?: readonly CheckRecord[] }) {
    super(message, details);
    this.checks = Object.freeze([...(details.checks ?? [])]);
  }
}

/** The logical request's `deadlineMs` ran out (or the server's wait would have outlasted it). */
export class DeadlineExceededError extends ResoluteError {
  override readonly name = 'DeadlineExceededError';
}

/** `x` is a ResoluteError (any subclass). */
export const isResoluteError = (x: unknown): x is ResoluteError => x instanceof ResoluteError;
/** `x` is a PermanentError. */
export const isPermanentError = (x: unknown): x is PermanentError => x instanceof PermanentError;
/** `x` is a RetriesExhaustedError. */
export const isRetriesExhaustedError = (x: unknown): x is RetriesExhaustedError => x instanceof RetriesExhaustedError;
/** `x` is a TwoFactorError. */
export const isTwoFactorError = (x: unknown): x is TwoFactorError => x instanceof TwoFactorError;
/** `x` is an IndeterminateError. */
export const isIndeterminateError = (x: unknown): x is IndeterminateError => x instanceof IndeterminateError;
/** `x` is a DeadlineExceededError. */
export const isDeadlineExceededError = (x: unknown): x is DeadlineExceededError => x instanceof DeadlineExceededError;

/** Which journal call failed: see {@link JournalError.stage}. */
export type JournalStage = 'record' | 'settle' | 'deliver' | 'lookup' | 'pending' | 'undelivered';

/**
 * The journal could not do what the executor asked of it in time (a disk error, a Redis outage, a volatile
 * Redis refused, a timeout). At stage `record` nothing was sent: the request failed before reaching the API.
 * At the other stages the caller gets its outcome anyway and this error reaches `onJournalError` only.
 * `cause` is a sanitized copy of the underlying error (its name, message and code, nothing else).
 */
export class JournalError extends ResoluteError {
  override readonly name = 'JournalError';
  /** The journal call that failed. */
  readonly stage: JournalStage;

  constructor(message: string, details: ErrorDetails & { readonly stage: JournalStage }) {
    super(message, details);
    this.stage = details.stage;
  }
}

/** `x` is a JournalError. */
export const isJournalError = (x: unknown): x is JournalError => x instanceof JournalError;

/** Where a circuit stood when it refused a request. */
export interface CircuitDetails {
  /** The limiter key whose circuit refused (origin plus a hash of the credential; never a secret). */
  readonly key: string;
  /** The key's origin, e.g. `https://api.example.com`. */
  readonly origin: string;
  /** `open`, or `half-open` while probes are in flight. */
  readonly state: 'open' | 'half-open';
  /** Epoch ms when the circuit lets a probe through again, at the latest. */
  readonly probeAt: number;
  /** Failed share of the calls that opened the circuit, 0..1. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;
}

/**
 * The circuit for the request's key is open (the API looks down): the request was not sent. Retry after
 * `probeAt`, when a probe checks whether the API is back.
 */
export class CircuitOpenError extends ResoluteError {
  override readonly name = 'CircuitOpenError';
  /** The limiter key whose circuit refused (origin plus a hash of the credential; never a secret). */
  readonly key: string;
  /** The key's origin, e.g. `https://api.example.com`. */
  readonly origin: string;
  /** `open`, or `half-open` while probes are in flight. */
  readonly state: 'open' | 'half-open';
  /** Epoch ms when the circuit lets a probe through again, at the latest. */
  readonly probeAt: number;
  /** Failed share of the calls that opened the circuit, 0..1. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;

  constructor(message: string, details: ErrorDetails & { readonly circuit: CircuitDetails }) {
    super(message, details);
    this.key = details.circuit.key;
    this.origin = details.circuit.origin;
    this.state = details.circuit.state;
    this.probeAt = details.circuit.probeAt;
    this.failureRatio = details.circuit.failureRatio;
    this.calls = details.circuit.calls;
  }
}

/** `x` is a CircuitOpenError. */
export const isCircuitOpenError = (x: unknown): x is CircuitOpenError => x instanceof CircuitOpenError;
