/**
 * The embedded default {@link Journal}: an append-only, fsync'd, group-committed JSON-lines file.
 * @module
 */
import { showValue } from '../show.js';
import { FileJournalImpl } from './file-journal-impl.js';
import type { FileJournal, FileJournalOptions } from './file-journal-types.js';
import type { Journal } from './types.js';

export type { FileJournal, FileJournalOptions, FileJournalStats } from './file-journal-types.js';

/**
 * The embedded default journal: an append-only JSON-lines file that survives crashes.
 *
 * - **Durable**: `record`/`settle` resolve only after their line is written and `fdatasync`'d. Calls made
 *   concurrently are group-committed (one write and one fsync for the lot), in call order. `deliver` lines ride
 *   along: a batch of them alone is written without an fsync (losing one on a power cut reports an outcome twice).
 * - **Keeps outcomes**: a settled operation stays readable by `lookup` (and, until delivered, by `undelivered`)
 *   for `retentionMs` (24 h by default); kept outcomes are held in memory as well as in the file.
 * - **Crash-safe**: on open, a torn last line is cut off and a corrupt line elsewhere is skipped (the rest kept).
 * - **Compacted**: once more than `compactAfter` dead lines accumulate (and outnumber the kept outcomes), the file
 *   is rewritten with the pending entries and kept outcomes, one line each (`path.tmp`, fsync, rename, fsync of
 *   the directory), without losing concurrent calls. Expired outcomes go then.
 * - **Single writer**: `path.lock` (created with O_EXCL, holding the pid) is taken on open and removed by
 *   `close()`; a lock left by a dead process (e.g. SIGKILLed) is taken over; a live holder makes open fail.
 *   Local file systems only.
 * - Opens lazily on the first call (or on {@link FileJournal.open}), creating the parent directory if needed.
 *   The file is created with mode 0600.
 *
 * File-system errors reject with the journal's path in the message. After a failed fsync the journal refuses
 * further writes (the file's state is unknown); close it and open a new one, which rereads the file. A failed
 * compaction leaves the old file valid and in use, and rejects the next batch of calls (unwritten) or `close()`.
 *
 * @param path The journal file, e.g. `./state/journal.jsonl`. The `.lock` and `.tmp` siblings are used too.
 * @param opts See {@link FileJournalOptions}.
 * @throws TypeError on a bad path or option (naming the option and the value).
 *
 * @example
 * ```ts
 * const journal = fileJournal('./state/orders.jsonl');
 * for (const e of await journal.pending()) await reconcile(e); // what a crashed run left in doubt
 * await journal.record({ operationId, request: { method: 'POST', url: '/order' }, createdAt: Date.now() });
 * const res = await send();
 * await journal.settle(operationId, 'succeeded', { response: { status: res.status, data: res.data } });
 * await journal.deliver(operationId); // once the result is where it belongs
 * await journal.lookup(operationId); // { state: 'settled', entry: { outcome: 'succeeded', delivered: true, ... } }
 * await journal.close();
 * ```
 */
export function fileJournal(path: string, opts: FileJournalOptions = {}): FileJournal {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new TypeError(`fileJournal: path must be a non-empty file path, got ${showValue(path)}`);
  }
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`fileJournal: options must be an object, got ${showValue(opts)}`);
  }
  const { compactAfter, fsync, clock, retentionMs } = opts;
  if (compactAfter !== undefined && !(compactAfter === Infinity || (Number.isSafeInteger(compactAfter) && compactAfter >= 0))) {
    throw new TypeError(`fileJournal: option \`compactAfter\` must be a non-negative integer or Infinity, got ${showValue(compactAfter)}`);
  }
  if (retentionMs !== undefined && !(typeof retentionMs === 'number' && Number.isFinite(retentionMs) && retentionMs >= 0)) {
    throw new TypeError(`fileJournal: option \`retentionMs\` must be a finite number ≥ 0 (ms), got ${showValue(retentionMs)}`);
  }
  if (fsync !== undefined && typeof fsync !== 'boolean') {
    throw new TypeError(`fileJournal: option \`fsync\` must be a boolean, got ${showValue(fsync)}`);
  }
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function')) {
    throw new TypeError(`fileJournal: option \`clock\` must be an object with a now() method, got ${showValue(clock)}`);
  }
  return new FileJournalImpl(path, opts);
}
