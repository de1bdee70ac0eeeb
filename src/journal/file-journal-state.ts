/**
 * The mutable state of one {@link fileJournal}, shared by its lifecycle, its group-commit writer and its
 * compaction.
 * @module
 */
import type { FileHandle } from 'node:fs/promises';
import type { FileJournalStats } from './file-journal-types.js';
import type { JournalEntry, SettledEntry } from './types.js';

/** The writable form of {@link FileJournalStats}, without what is computed from the maps. */
export type FileJournalCounters = { -readonly [K in Exclude<keyof FileJournalStats, 'deadLines' | 'retained'>]: number };

/** What the parts of a file journal share. Mutable, private to `src/journal`. */
export interface FileJournalState {
  /** The journal file's absolute path. */
  readonly path: string;
  /** Whether appends are fdatasync'd and creations/compactions fsync'd. */
  readonly fsync: boolean;
  /** The open file (the compacted one after a compaction); `undefined` before open and after close. */
  fh: FileHandle | undefined;
  /** The file's length in bytes: where the next append goes. */
  size: number;
  /** What the file durably says: pending entries in file order. */
  committed: Map<string, JournalEntry>;
  /** `committed` plus every queued (not yet durable) line applied: what new calls are decided against. */
  view: Map<string, JournalEntry>;
  /** What the file durably says of settled outcomes still kept, in settle order (oldest first). */
  settled: Map<string, SettledEntry>;
  /** Lines in the file: with `committed` and `settled`, tells how many compaction would drop. */
  lines: number;
  /** Set when the file's state is unknown (an fsync failed, or a failed write could not be rolled back). */
  broken: Error | undefined;
  /** The counters behind `stats()`. */
  readonly counters: FileJournalCounters;
}

/** The state of a journal not opened yet: no file, nothing pending, all counters at zero. */
export function initialState(path: string, fsync: boolean): FileJournalState {
  return {
    path,
    fsync,
    fh: undefined,
    size: 0,
    committed: new Map(),
    view: new Map(),
    settled: new Map(),
    lines: 0,
    broken: undefined,
    counters: {
      linesWritten: 0,
      writes: 0,
      syncs: 0,
      compactions: 0,
      skippedLines: 0,
      truncatedBytes: 0,
      settledLines: 0,
    },
  };
}

/** Lines compaction would drop: superseded records, delivery marks, expired or repeated settles, corrupt lines. */
export function deadLines(state: FileJournalState): number {
  return Math.max(0, state.lines - state.committed.size - state.settled.size);
}
