/**
 * Compaction of {@link fileJournal}: rewriting the file with only the pending entries and the outcomes still
 * kept (one line each) once enough dead lines accumulated, with a backoff after a failure.
 * @module
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, message, writeAll } from './file-io.js';
import { deadLines, type FileJournalState } from './file-journal-state.js';
import { encodeRecord, encodeSettled } from './journal-lines.js';
import { pruneExpired } from './retention.js';

/**
 * Decides when to compact and does it. Run by the group-commit writer between batches only, so nothing is
 * appended meanwhile; calls made during a compaction queue up and are appended to the new file.
 */
export class Compactor {
  private readonly state: FileJournalState;
  private readonly compactAfter: number;
  private readonly cutoff: () => number;
  private readonly tmpPath: string;
  /** Compaction is not retried before the dead-line count reaches this (backoff after a failure). */
  private nextCompactAt = 0;
  /** A background compaction failure not yet reported to any caller. */
  private error: Error | undefined;

  /** `compactAfter`: see `FileJournalOptions.compactAfter`; `cutoff()`: outcomes settled at or before it have expired. */
  constructor(state: FileJournalState, compactAfter: number, cutoff: () => number) {
    this.state = state;
    this.compactAfter = compactAfter;
    this.cutoff = cutoff;
    this.tmpPath = `${state.path}.tmp`;
  }

  /** Returns the compaction failure not yet reported, if any, and forgets it (it is reported once). */
  takeError(): Error | undefined {
    const err = this.error;
    this.error = undefined;
    return err;
  }

  /**
   * Drops expired outcomes, then compacts when more than `compactAfter` dead lines accumulated and they are at
   * least as many as the kept outcomes (so rewriting a day of kept outcomes is paid for by as many appends). A failure leaves the old file valid and in use; it is kept for
   * {@link Compactor.takeError} (the next batch of lines is rejected unwritten with it, or `close()`), and
   * compaction is not retried before another `compactAfter` dead lines. Never throws.
   */
  async maybeCompact(): Promise<void> {
    const state = this.state;
    pruneExpired(state.settled, this.cutoff());
    const dead = deadLines(state);
    if (state.broken || state.fh === undefined || dead <= this.compactAfter || dead < state.settled.size || dead < this.nextCompactAt) return;
    try {
      await this.compact();
    } catch (err) {
      this.nextCompactAt = deadLines(this.state) + Math.max(1, this.compactAfter);
      this.error = err instanceof Error ? err : new Error(String(err));
    }
  }

  /**
   * Rewrites the file with only the pending (committed, unsettled) entries and the kept outcomes: `path.tmp`,
   * fsync, rename over the file, fsync the directory.
   */
  private async compact(): Promise<void> {
    const state = this.state;
    const live = state.committed.size + state.settled.size;
    const body = [...state.committed.values()].map(encodeRecord).join('') + [...state.settled.values()].map(encodeSettled).join('');
    const buf = Buffer.from(body, 'utf8');
    let tfh: FileHandle | undefined;
    try {
      tfh = await open(this.tmpPath, 'w+', 0o600);
      await writeAll(tfh, buf, 0);
      if (state.fsync) await tfh.sync();
      await rename(this.tmpPath, state.path);
    } catch (err) {
      await tfh?.close().catch(() => undefined);
      await unlink(this.tmpPath).catch(() => undefined);
      throw new Error(`fileJournal(${state.path}): compaction via ${this.tmpPath} failed: ${message(err)}`, { cause: err });
    }
    // The renamed file is now the journal: keep appending through the handle that wrote it.
    const old = state.fh;
    state.fh = tfh;
    state.size = buf.length;
    state.lines = live;
    state.counters.settledLines = state.settled.size;
    state.counters.skippedLines = 0;
    state.counters.compactions++;
    this.nextCompactAt = 0;
    try {
      await old?.close();
      if (state.fsync) await fsyncDir(dirname(state.path));
    } catch (err) {
      throw new Error(`fileJournal(${state.path}): compaction finished but ${message(err)}`, { cause: err });
    }
  }
}
