/**
 * The journal contract: a durable record of unsafe requests whose outcome is not yet known.
 * @module
 */
import type { RequestSummary } from '../errors.js';

/** A request as recorded: secrets already redacted by the executor (the same shape errors carry). */
export type JournaledRequest = RequestSummary;

/** One operation in doubt. */
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

/** How an operation ended. */
export type SettledOutcome = 'succeeded' | 'applied' | 'absent' | 'failed';

/** A durable store of operations in doubt. */
export interface Journal {
  /** Records the intent before the request is sent. Durable once the promise resolves. Idempotent per operationId. */
  record(entry: JournalEntry): Promise<void>;
  /** Marks the operation settled: it leaves `pending()`. Unknown ids are ignored. */
  settle(operationId: string, outcome: SettledOutcome): Promise<void>;
  /** Every operation recorded and not yet settled, oldest first. */
  pending(): Promise<JournalEntry[]>;
  /** Flushes and releases resources (never the caller's Redis client). */
  close(): Promise<void>;
}
