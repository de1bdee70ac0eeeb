/**
 * The public types of {@link fileJournal}: its options, its counters and the journal it returns.
 * @module
 */
import type { Clock } from '../time.js';
import type { RetainingJournal } from './types.js';

/** Options of {@link fileJournal}. */
export interface FileJournalOptions {
  /**
   * Rewrite the file (pending entries and kept outcomes, one line each) once it holds more than this many dead
   * lines (records of settled operations, delivery marks, expired outcomes, corrupt lines) and at least as many
   * dead lines as kept outcomes, so the cost of rewriting a day of outcomes stays proportional to what was appended.
   * `0` compacts whenever a dead line exists (and outnumbers the kept outcomes); `Infinity` never compacts.
   * @default 1000
   */
  readonly compactAfter?: number | undefined;
  /**
   * How long settled outcomes are kept for `lookup` (`executor.outcomeOf`) and `undelivered`
   * (`reconcilePending`), in ms. They are dropped at the first compaction (or open) after that. Outcomes are kept
   * in memory too: budget about the size of their line (≈ 1 KiB) each. `0` keeps nothing (the journal then
   * behaves as before outcomes were kept).
   * @default 86_400_000 (24 h)
   */
  readonly retentionMs?: number | undefined;
  /**
   * `fdatasync` every write before `record`/`settle` resolve (and fsync the directory after creating or
   * compacting the file). Turn off only where losing the last writes on a power cut is acceptable (tests).
   * @default true
   */
  readonly fsync?: boolean | undefined;
  /**
   * The clock stamped on settle and deliver lines (`at`, epoch ms), and against which retention expires.
   * @default systemClock
   */
  readonly clock?: Clock | undefined;
}

/** Counters of a {@link FileJournal}, for tests and monitoring. */
export interface FileJournalStats {
  /** Record and settle lines appended since open (compaction rewrites are not counted). */
  readonly linesWritten: number;
  /** `write` calls that appended lines: one per group commit. */
  readonly writes: number;
  /** `fdatasync` calls after appends: one per group commit when `fsync` is on. */
  readonly syncs: number;
  /** Completed compactions since open. */
  readonly compactions: number;
  /** Lines found corrupt and skipped when the file was read (dropped at the next compaction). */
  readonly skippedLines: number;
  /** Bytes of a torn last line cut off the end of the file when it was opened. */
  readonly truncatedBytes: number;
  /** Settle lines currently in the file. */
  readonly settledLines: number;
  /** Lines compaction would drop (it runs when this exceeds `compactAfter` and `retained`). */
  readonly deadLines: number;
  /** Settled outcomes currently kept (within retention). */
  readonly retained: number;
}

/** A {@link Journal} backed by a local file, as returned by {@link fileJournal}. */
export interface FileJournal extends RetainingJournal {
  /** The journal file's absolute path. */
  readonly path: string;
  /**
   * Opens the file now (takes the lock, reads and repairs the file) instead of on the first call,
   * so a lock conflict or an unreadable file surfaces at startup. Idempotent; retried after a failure.
   */
  open(): Promise<void>;
  /** A snapshot of the counters. */
  stats(): FileJournalStats;
}
