/**
 * The on-disk line format of {@link fileJournal}: one JSON object per line, `\n`-terminated.
 *
 * - a record line: `{"op":"record","entry":{...JournalEntry}}`
 * - a settle line: `{"op":"settle","operationId":"...","outcome":"succeeded","at":1700000000000,"details":{...}}`
 *   (`details` optional; a compacted file's settle lines also carry the `entry` and `"delivered":true` when delivered)
 * - a deliver line: `{"op":"deliver","operationId":"...","at":1700000000000}`
 *
 * Files written before outcomes were kept (settle lines without details, no deliver lines) read the same way.
 * @module
 */
import type { JournalEntry, OutcomeDetails, SettledEntry, SettledOutcome } from './types.js';

/** A parsed settle line. */
export interface SettleLine {
  readonly op: 'settle';
  readonly operationId: string;
  readonly outcome: SettledOutcome;
  readonly at: number;
  readonly details?: OutcomeDetails | undefined;
  /** Present in a compacted file (the record line is gone). */
  readonly entry?: JournalEntry | undefined;
  /** Present (true) in a compacted file when the outcome had been delivered. */
  readonly delivered?: boolean | undefined;
}

/** One parsed journal line. */
export type JournalLine =
  | { readonly op: 'record'; readonly entry: JournalEntry }
  | SettleLine
  | { readonly op: 'deliver'; readonly operationId: string; readonly at: number };

const OUTCOMES: ReadonlySet<string> = new Set<SettledOutcome>(['succeeded', 'applied', 'absent', 'failed']);

/**
 * True when `value` is a {@link SettledOutcome}.
 *
 * @example
 * ```ts
 * isSettledOutcome('applied'); // true
 * ```
 */
export function isSettledOutcome(value: unknown): value is SettledOutcome {
  return typeof value === 'string' && OUTCOMES.has(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the shape of a journal entry (as stored): a non-empty `operationId`, a `request` with string
 * `method` and `url`, and a finite `createdAt`. Returns a description of the first problem, or `undefined`.
 *
 * @example
 * ```ts
 * entryProblem({ operationId: '', request: { method: 'POST', url: '/o' }, createdAt: 1 }); // 'operationId ...'
 * ```
 */
export function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return `entry must be an object, got ${entry === null ? 'null' : typeof entry}`;
  if (typeof entry.operationId !== 'string' || entry.operationId === '') {
    return `operationId must be a non-empty string, got ${JSON.stringify(entry.operationId) ?? String(entry.operationId)}`;
  }
  const req = entry.request;
  if (!isRecord(req) || typeof req.method !== 'string' || typeof req.url !== 'string') {
    return 'request must be an object with string method and url';
  }
  if (typeof entry.createdAt !== 'number' || !Number.isFinite(entry.createdAt)) {
    return `createdAt must be a finite number (epoch ms), got ${String(entry.createdAt)}`;
  }
  if (entry.meta !== undefined && !isRecord(entry.meta)) return 'meta must be an object when present';
  return undefined;
}

/**
 * Serializes a record line (with its trailing `\n`). Throws what `JSON.stringify` throws (cycles, BigInt).
 *
 * @example
 * ```ts
 * encodeRecord(entry); // '{"op":"record","entry":{...}}\n'
 * ```
 */
export function encodeRecord(entry: JournalEntry): string {
  return `${JSON.stringify({ op: 'record', entry })}\n`;
}

/**
 * Serializes a settle line (with its trailing `\n`).
 *
 * @example
 * ```ts
 * encodeSettle('op-1', 'applied', Date.now());
 * ```
 */
export function encodeSettle(operationId: string, outcome: SettledOutcome, at: number, details?: OutcomeDetails): string {
  return `${JSON.stringify(details === undefined ? { op: 'settle', operationId, outcome, at } : { op: 'settle', operationId, outcome, at, details })}\n`;
}

/**
 * Serializes a settled entry as one self-contained settle line (with `entry`, and `delivered` when true): the form
 * compaction writes, so a kept outcome takes one line.
 *
 * @example
 * ```ts
 * encodeSettled({ ...entry, outcome: 'succeeded', settledAt: 5, delivered: true });
 * ```
 */
export function encodeSettled(s: SettledEntry): string {
  const { outcome, settledAt, delivered, details, ...entry } = s;
  const line: Record<string, unknown> = { op: 'settle', operationId: s.operationId, outcome, at: settledAt };
  if (details !== undefined) line.details = details;
  line.entry = entry;
  if (delivered) line.delivered = true;
  return `${JSON.stringify(line)}\n`;
}

/**
 * Serializes a deliver line (with its trailing `\n`).
 *
 * @example
 * ```ts
 * encodeDeliver('op-1', Date.now());
 * ```
 */
export function encodeDeliver(operationId: string, at: number): string {
  return `${JSON.stringify({ op: 'deliver', operationId, at })}\n`;
}

/**
 * Parses one line (without its `\n`); `undefined` when it is not valid JSON or not a well-formed journal line.
 *
 * @example
 * ```ts
 * parseLine('{"op":"settle","operationId":"a","outcome":"failed","at":1}'); // { op: 'settle', ... }
 * parseLine('{"op":"rec'); // undefined (a torn line)
 * ```
 */
export function parseLine(line: string): JournalLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (value.op === 'record') {
    if (entryProblem(value.entry) !== undefined) return undefined;
    return { op: 'record', entry: value.entry as unknown as JournalEntry };
  }
  if (typeof value.operationId !== 'string') return undefined;
  const at = typeof value.at === 'number' && Number.isFinite(value.at) ? value.at : 0;
  if (value.op === 'settle') return parseSettle(value, value.operationId, at);
  if (value.op === 'deliver') return { op: 'deliver', operationId: value.operationId, at };
  return undefined;
}

function parseSettle(value: Record<string, unknown>, operationId: string, at: number): SettleLine | undefined {
  if (!isSettledOutcome(value.outcome)) return undefined;
  if (value.details !== undefined && !isRecord(value.details)) return undefined;
  if (value.entry !== undefined && (entryProblem(value.entry) !== undefined || (value.entry as { operationId: unknown }).operationId !== operationId)) {
    return undefined;
  }
  const line: { -readonly [K in keyof SettleLine]: SettleLine[K] } = { op: 'settle', operationId, outcome: value.outcome, at };
  if (value.details !== undefined) line.details = value.details as OutcomeDetails;
  if (value.entry !== undefined) line.entry = value.entry as unknown as JournalEntry;
  if (value.delivered === true) line.delivered = true;
  return line;
}
