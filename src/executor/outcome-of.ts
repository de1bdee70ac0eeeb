/**
 * `executor.outcomeOf(operationId)`: what the journal knows of one operation, for an application that restarted
 * and kept its operation ids in its own store.
 * @module
 */
import type { RequestSummary } from '../errors.js';
import { isRetainingJournal, type OutcomeDetails, type SettledOutcome } from '../journal/types.js';
import { journalCall } from './journal-call.js';
import type { Settings } from './validate.js';

/** What the journal knows of one operation. */
export type OperationOutcome =
  | {
      /** Settled: its outcome is known (kept for the journal's retention window). */
      readonly state: 'settled';
      readonly operationId: string;
      /** How it ended: `succeeded`/`applied` (it took effect), `failed`/`absent` (it did not). */
      readonly outcome: SettledOutcome;
      /** When it was settled (epoch ms). */
      readonly settledAt: number;
      /** Whether its caller (or a `reconcilePending` caller) got it. */
      readonly delivered: boolean;
      /** The request as journaled, redacted of secrets. */
      readonly request: RequestSummary;
      /** When its intent was recorded (epoch ms). */
      readonly createdAt: number;
      /** `succeeded`/`applied`: the response's status and body as kept (redacted, capped). */
      readonly response?: OutcomeDetails['response'];
      /** `failed`: the error its caller got (name; message for resolute's errors). */
      readonly failure?: OutcomeDetails['error'];
    }
  | {
      /** Recorded, outcome not known: in flight now, or left in doubt (run `reconcilePending`). */
      readonly state: 'pending';
      readonly operationId: string;
      readonly request: RequestSummary;
      readonly createdAt: number;
    }
  | {
      /** The journal holds nothing for it: never recorded (never sent), or settled longer ago than the retention. */
      readonly state: 'unknown';
      readonly operationId: string;
    };

/** Looks one operation up; throws a TypeError on a bad id or a journal that keeps no outcomes, a JournalError when the journal fails. */
export async function outcomeOf(s: Settings, operationId: string): Promise<OperationOutcome> {
  if (typeof operationId !== 'string' || operationId === '') throw new TypeError(`resolute: outcomeOf() needs an operation id (a non-empty string), got ${typeof operationId}`);
  const j = s.journal;
  if (j === undefined) throw new TypeError('resolute: outcomeOf() needs the "journal" option');
  if (!isRetainingJournal(j)) {
    throw new TypeError('resolute: outcomeOf() needs a journal that keeps outcomes (fileJournal, redisJournal, or one with deliver, lookup and undelivered); this one has only record, settle and pending');
  }
  const r = await journalCall({ s, operationId }, 'lookup', () => j.lookup(operationId));
  if (!r.ok) throw 'aborted' in r ? r.aborted : r.error;
  const rec = r.value;
  if (rec === undefined) return Object.freeze({ state: 'unknown', operationId });
  if (rec.state === 'pending') return Object.freeze({ state: 'pending', operationId, request: rec.entry.request, createdAt: rec.entry.createdAt });
  const e = rec.entry;
  return Object.freeze({
    state: 'settled',
    operationId,
    outcome: e.outcome,
    settledAt: e.settledAt,
    delivered: e.delivered,
    request: e.request,
    createdAt: e.createdAt,
    ...(e.details?.response === undefined ? {} : { response: e.details.response }),
    ...(e.details?.error === undefined ? {} : { failure: e.details.error }),
  });
}
