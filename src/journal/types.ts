/**
 * The journal contract: a durable record of unsafe requests, from intent to delivered outcome.
 *
 * The protocol, per operation id (the executor follows it; a Promela model checks it):
 *
 * 1. `record(intent)` before the first send. Durable once it resolves. If it fails, nothing is sent.
 * 2. Send, and resend only with the same operation id after verification proved the request `absent`.
 * 3. Once the outcome is known (`succeeded`, `applied`, `failed`: never while in doubt), `settle(id, outcome,
 *    details)`: the entry leaves `pending()` and its outcome is kept, undelivered, for the retention window.
 *    If settling fails, the entry stays pending. While in doubt nothing is written: the entry stays pending.
 * 4. The outcome goes to the caller (response or typed error), whether or not step 3 succeeded.
 * 5. After the caller's promise has settled with that outcome, `deliver(id)` marks it delivered.
 *
 * After a crash at any point, each operation is pending (verify it), settled and undelivered (report it), or
 * delivered: an applied operation is never forgotten. A journal without `deliver` (written for an older
 * resolute) gets its `settle` at step 5 instead of step 3, which keeps the same guarantee without retention.
 * @module
 */
import type { RequestSummary } from '../errors.js';

/** A request as recorded: secrets already redacted by the executor (the same shape errors carry). */
export type JournaledRequest = RequestSummary;

/** One operation recorded in the journal. */
export interface JournalEntry {
  /** The logical request's operation id (the same on every attempt and resend). */
  readonly operationId: string;
  /** The request, redacted of secrets. */
  readonly request: JournaledRequest;
  /** Epoch ms when the intent was first recorded. */
  readonly createdAt: number;
  /** Free-form context (profile name, executor name...). */
  readonly meta?: Readonly<Record<string, string>> | undefined;
}

/** How an operation ended. `absent`: verification proved it was never applied. */
export type SettledOutcome = 'succeeded' | 'applied' | 'absent' | 'failed';

/** What was kept of an outcome, to report it later: redacted, bodies capped. */
export interface OutcomeDetails {
  /** For `succeeded` and `applied`: the response as the caller got it. */
  readonly response?: {
    /** HTTP status (200 for a response reconstructed by verification). */
    readonly status: number;
    /** The body, secret fields redacted; the first few KiB of its JSON as a string when `cut`. */
    readonly data?: unknown;
    /** True when `data` was too large and holds only the start of the body's JSON. */
    readonly cut?: boolean | undefined;
    /** True when verification found the request applied (the data is what the verify hook returned). */
    readonly reconciled?: boolean | undefined;
  } | undefined;
  /** For `failed`: the error the caller got (the message only for resolute's own errors). */
  readonly error?: { readonly name: string; readonly message?: string | undefined } | undefined;
}

/** A settled operation, as kept for the retention window. */
export interface SettledEntry extends JournalEntry {
  /** How it ended. */
  readonly outcome: SettledOutcome;
  /** Epoch ms when it was settled (by the journal's clock). */
  readonly settledAt: number;
  /** True once the outcome reached its caller (or a `reconcilePending` caller). */
  readonly delivered: boolean;
  /** What was kept to report it. */
  readonly details?: OutcomeDetails | undefined;
}

/** What a journal knows of one operation id: in doubt, or settled. `undefined` from `lookup`: nothing (never recorded, or expired). */
export type JournalRecord = { readonly state: 'pending'; readonly entry: JournalEntry } | { readonly state: 'settled'; readonly entry: SettledEntry };

/**
 * A durable store of unsafe operations. `record`, `settle`, `pending` and `close` are required; `deliver`,
 * `lookup` and `undelivered` (all three, or none) make it a {@link RetainingJournal}, which keeps settled
 * outcomes for a retention window. Both built-in journals retain.
 */
export interface Journal {
  /** Records the intent before the request is sent. Durable once the promise resolves. Idempotent per pending operationId; recording a settled id starts a new intent. */
  record(entry: JournalEntry): Promise<void>;
  /** Settles a pending operation: it leaves `pending()` (and is kept, undelivered, by a retaining journal). Durable once resolved. Ids not pending are ignored. */
  settle(operationId: string, outcome: SettledOutcome, details?: OutcomeDetails): Promise<void>;
  /** Every operation recorded and not yet settled, oldest first. */
  pending(): Promise<JournalEntry[]>;
  /** Flushes and releases resources (never the caller's Redis client). */
  close(): Promise<void>;
  /** Marks a settled outcome delivered to its caller. Ids not settled are ignored. Need not be durable at once (a lost mark only reports an outcome twice). */
  deliver?(operationId: string): Promise<void>;
  /** What the journal knows of `operationId`; `undefined` when nothing (never recorded, or past retention). */
  lookup?(operationId: string): Promise<JournalRecord | undefined>;
  /** Settled outcomes not yet delivered (within retention), oldest settled first. */
  undelivered?(): Promise<SettledEntry[]>;
}

/** A journal that keeps settled outcomes: every optional method of {@link Journal} is there. */
export type RetainingJournal = Required<Journal>;

/**
 * True when `j` keeps outcomes (has `deliver`, `lookup` and `undelivered`).
 *
 * @example
 * ```ts
 * isRetainingJournal(fileJournal('./j.jsonl')); // true
 * ```
 */
export function isRetainingJournal(j: Journal): j is RetainingJournal {
  return typeof j.deliver === 'function' && typeof j.lookup === 'function' && typeof j.undelivered === 'function';
}

/** How long outcomes are kept by default: 24 hours, in ms. */
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;
