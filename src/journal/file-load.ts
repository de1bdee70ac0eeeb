/**
 * Opening the file of {@link fileJournal}: creating it (and its directory) durably, or reading an existing one
 * and repairing what a crash left (a torn last line is cut off, corrupt lines are skipped).
 * @module
 */
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoCode, fsyncDir, message } from './file-io.js';
import { parseLine } from './journal-lines.js';
import { pruneExpired, settledFrom } from './retention.js';
import type { JournalEntry, SettledEntry } from './types.js';

/** What {@link loadJournalFile} found: the open file and what it durably holds. */
export interface LoadedJournal {
  /** The file, open for reading and writing. */
  readonly fh: FileHandle;
  /** Bytes up to and including the last newline: where the next append goes. */
  readonly size: number;
  /** Pending entries (recorded, not settled) in file order. */
  readonly committed: Map<string, JournalEntry>;
  /** Settled outcomes still within retention, in settle order. */
  readonly settled: Map<string, SettledEntry>;
  /** Non-blank lines in the file. */
  readonly lines: number;
  /** Settle lines in the file. */
  readonly settledLines: number;
  /** Corrupt lines skipped. */
  readonly skippedLines: number;
  /** Bytes of a torn last line cut off the end of the file (0 when there was none). */
  readonly truncatedBytes: number;
}

/**
 * Creates the directory of the journal file `path` if needed.
 * Returns the first directory created (as `mkdir` with `recursive` does), or `undefined` when it existed.
 */
export async function createParentDir(path: string): Promise<string | undefined> {
  const dir = dirname(path);
  try {
    return await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new Error(`fileJournal(${path}): cannot create the directory ${dir}: ${message(err)}`, { cause: err });
  }
}

/**
 * Opens the journal file `path`, creating it (mode 0600) when missing, and reads it. With `fsync`, a new file's
 * directory entry (and those of the directories in `firstCreatedDir`..its directory that {@link createParentDir}
 * made) is fsync'd, and so is the cut of a torn last line. Outcomes settled at or before `cutoff` (epoch ms) are
 * dropped. On failure the file is closed again.
 */
export async function loadJournalFile(path: string, firstCreatedDir: string | undefined, fsync: boolean, cutoff: number): Promise<LoadedJournal> {
  const { fh, created } = await openOrCreate(path);
  try {
    if (created) {
      if (fsync) await syncNewEntries(path, firstCreatedDir);
      return { fh, size: 0, committed: new Map(), settled: new Map(), lines: 0, settledLines: 0, skippedLines: 0, truncatedBytes: 0 };
    }
    return await readExisting(path, fh, fsync, cutoff);
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}

async function openOrCreate(path: string): Promise<{ fh: FileHandle; created: boolean }> {
  try {
    return { fh: await open(path, fsConstants.O_RDWR), created: false };
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') {
      throw new Error(`fileJournal(${path}): cannot open the file: ${message(err)}`, { cause: err });
    }
    try {
      return { fh: await open(path, 'wx+', 0o600), created: true };
    } catch (err2) {
      throw new Error(`fileJournal(${path}): cannot create the file: ${message(err2)}`, { cause: err2 });
    }
  }
}

/** Makes the new directory entries durable: the file's, and those of any directories mkdir made. */
async function syncNewEntries(path: string, firstCreatedDir: string | undefined): Promise<void> {
  const dir = dirname(path);
  try {
    await fsyncDir(dir);
    if (firstCreatedDir !== undefined) {
      for (let d = dir; d !== dirname(firstCreatedDir) && d !== dirname(d); d = dirname(d)) await fsyncDir(dirname(d));
    }
  } catch (err) {
    throw new Error(`fileJournal(${path}): cannot fsync the directory ${dir}: ${message(err)}`, { cause: err });
  }
}

async function readExisting(path: string, fh: FileHandle, fsync: boolean, cutoff: number): Promise<LoadedJournal> {
  let buf: Buffer;
  try {
    buf = await fh.readFile();
  } catch (err) {
    throw new Error(`fileJournal(${path}): cannot read the file: ${message(err)}`, { cause: err });
  }
  const good = buf.lastIndexOf(0x0a) + 1; // bytes up to and including the last newline
  if (good < buf.length) {
    // A torn last line (a crash mid-write): cut it off so the next append starts on a clean line.
    try {
      await fh.truncate(good);
      if (fsync) await fh.datasync();
    } catch (err) {
      throw new Error(`fileJournal(${path}): cannot truncate a torn last line: ${message(err)}`, { cause: err });
    }
  }
  return { fh, size: good, truncatedBytes: buf.length - good, ...parseLines(buf.toString('utf8', 0, good), cutoff) };
}

type Replayed = Pick<LoadedJournal, 'committed' | 'settled' | 'lines' | 'settledLines' | 'skippedLines'>;

/**
 * Replays the lines: a record adds its entry (the first record of a pending id wins; a record of a settled id
 * starts a new intent), a settle moves a pending entry to the settled outcomes (a compacted settle line carries
 * its own entry), a deliver marks a settled outcome delivered. Then outcomes settled at or before `cutoff` go.
 */
function parseLines(text: string, cutoff: number): Replayed {
  const committed = new Map<string, JournalEntry>();
  const settled = new Map<string, SettledEntry>();
  let lines = 0;
  let settledLines = 0;
  let skippedLines = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    lines++;
    const line = parseLine(raw);
    if (line === undefined) {
      skippedLines++;
    } else if (line.op === 'record') {
      const id = line.entry.operationId;
      if (!committed.has(id)) {
        settled.delete(id);
        committed.set(id, line.entry);
      }
    } else if (line.op === 'settle') {
      settledLines++;
      const id = line.operationId;
      const entry = committed.get(id) ?? (settled.has(id) ? undefined : line.entry);
      if (entry === undefined) continue; // not pending: ignored, as `settle` ignores it
      committed.delete(id);
      settled.set(id, settledFrom(entry, line.outcome, line.at, line.details, line.delivered === true));
    } else {
      const s = settled.get(line.operationId);
      if (s !== undefined && !s.delivered) settled.set(line.operationId, { ...s, delivered: true });
    }
  }
  pruneExpired(settled, cutoff);
  return { committed, settled, lines, settledLines, skippedLines };
}
