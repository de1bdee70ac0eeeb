/**
 * The embedded default {@link Journal}: an append-only, fsync'd, group-committed JSON-lines file.
 * @module
 */
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { systemClock, type Clock } from '../time.js';
import { encodeRecord, encodeSettle, entryProblem, isSettledOutcome, parseLine } from './journal-lines.js';
import { acquirePidLock, type PidLock } from './pid-lock.js';
import type { Journal, JournalEntry, SettledOutcome } from './types.js';

/** Options of {@link fileJournal}. */
export interface FileJournalOptions {
  /**
   * Rewrite the file with only the pending entries once it holds more than this many settle lines.
   * `0` compacts whenever a settle line exists; `Infinity` never compacts.
   * @default 1000
   */
  readonly compactAfter?: number | undefined;
  /**
   * `fdatasync` every write before `record`/`settle` resolve (and fsync the directory after creating or
   * compacting the file). Turn off only where losing the last writes on a power cut is acceptable (tests).
   * @default true
   */
  readonly fsync?: boolean | undefined;
  /**
   * The clock stamped on settle lines (`at`, epoch ms).
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
  /** Settle lines currently in the file (compaction runs when this exceeds `compactAfter`). */
  readonly settledLines: number;
}

/** A {@link Journal} backed by a local file, as returned by {@link fileJournal}. */
export interface FileJournal extends Journal {
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

interface QueueItem {
  readonly kind: 'record' | 'settle' | 'barrier';
  readonly id: string;
  /** The serialized line ('' for a barrier). */
  readonly line: string;
  /** The stored (JSON round-tripped) entry, for a record. */
  readonly entry?: JournalEntry;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

const DIR_FSYNC_SUPPORTED = process.platform !== 'win32';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
    if (bytesWritten <= 0) throw new Error('write returned 0 bytes');
    off += bytesWritten;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  if (!DIR_FSYNC_SUPPORTED) return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

function deferred(): { done: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { done, resolve, reject };
}

class FileJournalImpl implements FileJournal {
  readonly path: string;
  private readonly lockPath: string;
  private readonly tmpPath: string;
  private readonly compactAfter: number;
  private readonly fsync: boolean;
  private readonly clock: Clock;

  /** What the file durably says: pending entries in file order. */
  private committed = new Map<string, JournalEntry>();
  /** `committed` plus every queued (not yet durable) line applied: what new calls are decided against. */
  private view = new Map<string, JournalEntry>();
  /** The latest queued record/settle per operation id, until it is durable (or failed). */
  private readonly inflight = new Map<string, Promise<void>>();
  private queue: QueueItem[] = [];
  private flushScheduled = false;
  private flushing = false;

  private fh: FileHandle | undefined;
  private lock: PidLock | undefined;
  private size = 0;
  private openPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;
  private closed = false;
  /** Set when the file's state is unknown (an fsync failed, or a failed write could not be rolled back). */
  private broken: Error | undefined;
  /** Compaction is not retried before the settle-line count reaches this (backoff after a failure). */
  private nextCompactAt = 0;
  /** A background compaction failure not yet reported to any caller. */
  private compactionError: Error | undefined;

  private counters = {
    linesWritten: 0,
    writes: 0,
    syncs: 0,
    compactions: 0,
    skippedLines: 0,
    truncatedBytes: 0,
    settledLines: 0,
  };

  constructor(path: string, opts: FileJournalOptions) {
    this.path = resolvePath(path);
    this.lockPath = `${this.path}.lock`;
    this.tmpPath = `${this.path}.tmp`;
    this.compactAfter = opts.compactAfter ?? 1_000;
    this.fsync = opts.fsync ?? true;
    this.clock = opts.clock ?? systemClock;
  }

  stats(): FileJournalStats {
    return { ...this.counters };
  }

  open(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`fileJournal(${this.path}) is closed`));
    if (this.broken) return Promise.reject(this.broken);
    this.openPromise ??= this.doOpen().catch((err: unknown) => {
      this.openPromise = undefined; // a later call retries (e.g. once the other lock holder is gone)
      throw err;
    });
    return this.openPromise;
  }

  async record(entry: JournalEntry): Promise<void> {
    const problem = entryProblem(entry);
    if (problem !== undefined) throw new TypeError(`fileJournal(${this.path}).record: ${problem}`);
    let json: string;
    try {
      json = JSON.stringify(entry);
    } catch (err) {
      throw new TypeError(`fileJournal(${this.path}).record: entry ${entry.operationId} is not JSON-serializable: ${message(err)}`, {
        cause: err,
      });
    }
    await this.open();
    const id = entry.operationId;
    if (this.view.has(id)) return this.inflight.get(id); // already recorded: wait for that record to be durable
    const stored = JSON.parse(json) as JournalEntry;
    this.view.set(id, stored);
    return this.enqueue('record', id, `{"op":"record","entry":${json}}\n`, stored);
  }

  async settle(operationId: string, outcome: SettledOutcome): Promise<void> {
    if (typeof operationId !== 'string') {
      throw new TypeError(`fileJournal(${this.path}).settle: operationId must be a string, got ${describe(operationId)}`);
    }
    if (!isSettledOutcome(outcome)) {
      throw new TypeError(
        `fileJournal(${this.path}).settle: outcome must be one of succeeded, applied, absent, failed; got ${describe(outcome)}`,
      );
    }
    await this.open();
    if (!this.view.has(operationId)) return this.inflight.get(operationId); // unknown (or settle already queued)
    this.view.delete(operationId);
    return this.enqueue('settle', operationId, encodeSettle(operationId, outcome, this.clock.now()));
  }

  async pending(): Promise<JournalEntry[]> {
    await this.open();
    await this.barrier();
    return structuredClone([...this.committed.values()]).sort((a, b) => a.createdAt - b.createdAt);
  }

  close(): Promise<void> {
    this.closed = true;
    this.closePromise ??= (async () => {
      const opening = this.openPromise;
      if (opening === undefined) return;
      try {
        await opening;
      } catch {
        return; // never opened: no file handle, no lock
      }
      await this.barrier();
      const fh = this.fh;
      this.fh = undefined;
      try {
        await fh?.close();
      } catch (err) {
        throw new Error(`fileJournal(${this.path}): cannot close the file: ${message(err)}`, { cause: err });
      } finally {
        await this.lock?.release();
        this.lock = undefined;
      }
      const unreported = this.compactionError;
      this.compactionError = undefined;
      if (unreported !== undefined) throw unreported;
    })();
    return this.closePromise;
  }

  // ---- opening -------------------------------------------------------------------------------------------

  private async doOpen(): Promise<void> {
    const dir = dirname(this.path);
    let firstCreatedDir: string | undefined;
    try {
      firstCreatedDir = await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new Error(`fileJournal(${this.path}): cannot create the directory ${dir}: ${message(err)}`, { cause: err });
    }
    const lock = await acquirePidLock(this.lockPath, { resource: `journal ${this.path}` });
    try {
      await this.load(dir, firstCreatedDir);
    } catch (err) {
      await this.fh?.close().catch(() => undefined);
      this.fh = undefined;
      await lock.release().catch(() => undefined);
      throw err;
    }
    this.lock = lock;
  }

  private async load(dir: string, firstCreatedDir: string | undefined): Promise<void> {
    let created = false;
    try {
      this.fh = await open(this.path, fsConstants.O_RDWR);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') {
        throw new Error(`fileJournal(${this.path}): cannot open the file: ${message(err)}`, { cause: err });
      }
      try {
        this.fh = await open(this.path, 'wx+', 0o600);
        created = true;
      } catch (err2) {
        throw new Error(`fileJournal(${this.path}): cannot create the file: ${message(err2)}`, { cause: err2 });
      }
    }
    const fh = this.fh;

    if (created) {
      if (this.fsync) {
        try {
          // Make the new directory entries durable: the file's, and those of any directories mkdir made.
          await fsyncDir(dir);
          if (firstCreatedDir !== undefined) {
            for (let d = dir; d !== dirname(firstCreatedDir) && d !== dirname(d); d = dirname(d)) await fsyncDir(dirname(d));
          }
        } catch (err) {
          throw new Error(`fileJournal(${this.path}): cannot fsync the directory ${dir}: ${message(err)}`, { cause: err });
        }
      }
      return;
    }

    let buf: Buffer;
    try {
      buf = await fh.readFile();
    } catch (err) {
      throw new Error(`fileJournal(${this.path}): cannot read the file: ${message(err)}`, { cause: err });
    }
    const good = buf.lastIndexOf(0x0a) + 1; // bytes up to and including the last newline
    if (good < buf.length) {
      // A torn last line (a crash mid-write): cut it off so the next append starts on a clean line.
      try {
        await fh.truncate(good);
        if (this.fsync) await fh.datasync();
      } catch (err) {
        throw new Error(`fileJournal(${this.path}): cannot truncate a torn last line: ${message(err)}`, { cause: err });
      }
      this.counters.truncatedBytes = buf.length - good;
    }
    this.size = good;

    const committed = new Map<string, JournalEntry>();
    let settled = 0;
    let skipped = 0;
    for (const raw of buf.toString('utf8', 0, good).split('\n')) {
      if (raw.trim() === '') continue;
      const line = parseLine(raw);
      if (line === undefined) {
        skipped++;
      } else if (line.op === 'record') {
        if (!committed.has(line.entry.operationId)) committed.set(line.entry.operationId, line.entry);
      } else {
        committed.delete(line.operationId);
        settled++;
      }
    }
    this.committed = committed;
    this.view = new Map(committed);
    this.counters.settledLines = settled;
    this.counters.skippedLines = skipped;
  }

  // ---- the group-commit writer ---------------------------------------------------------------------------

  private enqueue(kind: QueueItem['kind'], id: string, line: string, entry?: JournalEntry): Promise<void> {
    const d = deferred();
    const item: QueueItem = entry === undefined ? { kind, id, line, ...d } : { kind, id, line, entry, ...d };
    this.queue.push(item);
    if (kind !== 'barrier') this.inflight.set(id, d.done);
    this.scheduleFlush();
    return d.done;
  }

  /** Resolves once everything queued before it has been written (or has failed). Never rejects. */
  private barrier(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return this.enqueue('barrier', '', '');
  }

  private scheduleFlush(): void {
    if (this.flushing || this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate rather than a microtask: every call made in this turn of the event loop joins the first batch.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        // Compaction runs between batches (so nothing is appended meanwhile), after a commit as well as before.
        await this.maybeCompact();
        if (this.queue.length === 0) break;
        const batch = this.queue;
        this.queue = [];
        const failure = this.compactionError;
        if (failure !== undefined && batch.some((i) => i.kind !== 'barrier')) {
          this.compactionError = undefined;
          this.fail(batch, failure);
          continue;
        }
        await this.commit(batch);
      }
    } catch (err) {
      // Not expected (commit and maybeCompact report through the items): never leave callers hanging.
      this.broken ??= new Error(`fileJournal(${this.path}) is unusable: ${message(err)}`, { cause: err });
      const rest = this.queue;
      this.queue = [];
      this.fail(rest, this.broken);
    } finally {
      this.flushing = false;
    }
  }

  /** Writes one batch: one write, one fdatasync. Never throws: outcomes go to the items' promises. */
  private async commit(batch: QueueItem[]): Promise<void> {
    const fh = this.fh;
    if (this.broken || fh === undefined) {
      this.fail(batch, this.broken ?? new Error(`fileJournal(${this.path}) is not open`));
      return;
    }
    const lines = batch.filter((i) => i.kind !== 'barrier');
    if (lines.length === 0) {
      for (const item of batch) item.resolve();
      return;
    }


    const buf = Buffer.from(lines.map((i) => i.line).join(''), 'utf8');
    try {
      await writeAll(fh, buf, this.size);
      this.counters.writes++;
    } catch (err) {
      const error = new Error(`fileJournal(${this.path}): cannot append ${lines.length} line(s): ${message(err)}`, { cause: err });
      try {
        await fh.truncate(this.size); // roll back a partial write so the next line starts clean
      } catch (err2) {
        this.broken = new Error(
          `fileJournal(${this.path}) is unusable: a failed append could not be rolled back (${message(err2)}); close and reopen it`,
          { cause: err2 },
        );
      }
      this.fail(batch, error);
      return;
    }
    if (this.fsync) {
      try {
        await fh.datasync();
        this.counters.syncs++;
      } catch (err) {
        // After a failed fsync the page cache state is unknown (the error may not be reported twice): stop.
        this.broken = new Error(`fileJournal(${this.path}) is unusable: fdatasync failed (${message(err)}); close and reopen it`, {
          cause: err,
        });
        this.fail(batch, this.broken);
        return;
      }
    }
    this.size += buf.length;
    this.counters.linesWritten += lines.length;
    for (const item of batch) {
      if (item.kind === 'record' && item.entry !== undefined) {
        if (!this.committed.has(item.id)) this.committed.set(item.id, item.entry);
      } else if (item.kind === 'settle') {
        this.committed.delete(item.id);
        this.counters.settledLines++;
      }
      this.settleInflight(item);
      item.resolve();
    }
  }

  private settleInflight(item: QueueItem): void {
    if (item.kind !== 'barrier' && this.inflight.get(item.id) === item.done) this.inflight.delete(item.id);
  }

  /**
   * Compacts when more than `compactAfter` settle lines accumulated. A failure leaves the old file valid and in
   * use; it is reported to the next batch of lines (rejected unwritten) or to `close()`, and compaction is not
   * retried before another `compactAfter` settles.
   */
  private async maybeCompact(): Promise<void> {
    const settled = this.counters.settledLines;
    if (this.broken || this.fh === undefined || settled <= this.compactAfter || settled < this.nextCompactAt) return;
    try {
      await this.compact();
    } catch (err) {
      this.nextCompactAt = this.counters.settledLines + Math.max(1, this.compactAfter);
      this.compactionError = err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Rejects a batch's lines (barriers resolve), then rebuilds `view` from what is durable plus what is still queued. */
  private fail(batch: QueueItem[], err: Error): void {
    for (const item of batch) {
      this.settleInflight(item);
      if (item.kind === 'barrier') item.resolve();
      else item.reject(err);
    }
    const view = new Map(this.committed);
    for (const item of this.queue) {
      if (item.kind === 'record' && item.entry !== undefined) {
        if (!view.has(item.id)) view.set(item.id, item.entry);
      } else if (item.kind === 'settle') {
        view.delete(item.id);
      }
    }
    this.view = view;
  }

  /**
   * Rewrites the file with only the pending (committed, unsettled) entries: `path.tmp`, fsync, rename over the
   * file, fsync the directory. Runs inside the writer, between batches, so nothing is appended meanwhile;
   * calls made during it queue up and are appended to the new file.
   */
  private async compact(): Promise<void> {
    const body = [...this.committed.values()].map(encodeRecord).join('');
    const buf = Buffer.from(body, 'utf8');
    let tfh: FileHandle | undefined;
    try {
      tfh = await open(this.tmpPath, 'w+', 0o600);
      await writeAll(tfh, buf, 0);
      if (this.fsync) await tfh.sync();
      await rename(this.tmpPath, this.path);
    } catch (err) {
      await tfh?.close().catch(() => undefined);
      await unlink(this.tmpPath).catch(() => undefined);
      throw new Error(`fileJournal(${this.path}): compaction via ${this.tmpPath} failed: ${message(err)}`, { cause: err });
    }
    // The renamed file is now the journal: keep appending through the handle that wrote it.
    const old = this.fh;
    this.fh = tfh;
    this.size = buf.length;
    this.counters.settledLines = 0;
    this.counters.skippedLines = 0;
    this.counters.compactions++;
    this.nextCompactAt = 0;
    try {
      await old?.close();
      if (this.fsync) await fsyncDir(dirname(this.path));
    } catch (err) {
      throw new Error(`fileJournal(${this.path}): compaction finished but ${message(err)}`, { cause: err });
    }
  }
}

/**
 * The embedded default journal: an append-only JSON-lines file that survives crashes.
 *
 * - **Durable**: `record`/`settle` resolve only after their line is written and `fdatasync`'d. Calls made
 *   concurrently are group-committed (one write and one fsync for the lot), in call order.
 * - **Crash-safe**: on open, a torn last line is cut off and a corrupt line elsewhere is skipped (the rest kept).
 * - **Compacted**: once more than `compactAfter` settle lines accumulate, the file is rewritten with only the
 *   pending entries (`path.tmp`, fsync, rename, fsync of the directory), without losing concurrent records.
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
 * await journal.settle(operationId, 'succeeded');
 * await journal.close();
 * ```
 */
export function fileJournal(path: string, opts: FileJournalOptions = {}): FileJournal {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new TypeError(`fileJournal: path must be a non-empty file path, got ${describe(path)}`);
  }
  if (typeof opts !== 'object' || opts === null) {
    throw new TypeError(`fileJournal: options must be an object, got ${describe(opts)}`);
  }
  const { compactAfter, fsync, clock } = opts;
  if (compactAfter !== undefined && !(compactAfter === Infinity || (Number.isSafeInteger(compactAfter) && compactAfter >= 0))) {
    throw new TypeError(`fileJournal: option \`compactAfter\` must be a non-negative integer or Infinity, got ${describe(compactAfter)}`);
  }
  if (fsync !== undefined && typeof fsync !== 'boolean') {
    throw new TypeError(`fileJournal: option \`fsync\` must be a boolean, got ${describe(fsync)}`);
  }
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function')) {
    throw new TypeError(`fileJournal: option \`clock\` must be an object with a now() method, got ${describe(clock)}`);
  }
  return new FileJournalImpl(path, opts);
}
