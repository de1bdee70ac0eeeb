/**
 * The on-disk line format of {@link fileJournal}: one JSON object per line, `\n`-terminated.
 *
 * - a record line: `{"op":"record","entry":{...JournalEntry}}`
 * - a settle line: `{"op":"settle","operationId":"...","outcome":"succeeded","at":1700000000000}`
 *
 * @module
 */
import type { JournalEntry, SettledOutcome } from './types.js';

/** One parsed journal line. */
export type JournalLine =
  | { readonly op: 'record'; readonly entry: JournalEntry }
  | { readonly op: 'settle'; readonly operationId: string; readonly outcome: SettledOutcome; readonly at: number };

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
export function encodeSettle(operationId: string, outcome: SettledOutcome, at: number): string {
  return `${JSON.stringify({ op: 'settle', operationId, outcome, at })}\n`;
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
  if (value.op === 'settle') {
    if (typeof value.operationId !== 'string' || !isSettledOutcome(value.outcome)) return undefined;
    const at = typeof value.at === 'number' ? value.at : 0;
    return { op: 'settle', operationId: value.operationId, outcome: value.outcome, at };
  }
  return undefined;
}
