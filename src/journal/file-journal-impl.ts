/**
 * The {@link FileJournal} class behind {@link fileJournal}: argument checks, opening (lock, load) and closing,
 * and the `Journal` calls, decided against what is durable plus what is queued.
 * @module
 */
import { resolve as resolvePath } from 'node:path';
import { systemClock, type Clock } from '../time.js';
import { Compactor } from './compaction.js';
import { message } from './file-io.js';
import { showValue } from '../show.js';
import { deadLines, initialState, type FileJournalState } from './file-journal-state.js';
import type { FileJournal, FileJournalOptions, FileJournalStats } from './file-journal-types.js';
import { createParentDir, loadJournalFile, type LoadedJournal } from './file-load.js';
import { GroupCommitWriter } from './group-commit.js';
import { encodeDeliver, encodeSettle, entryProblem, isSettledOutcome } from './journal-lines.js';
import { acquirePidLock, type PidLock } from './pid-lock.js';
import { undeliveredOf } from './retention.js';
import { DEFAULT_RETENTION_MS, type JournalEntry, type JournalRecord, type OutcomeDetails, type SettledEntry, type SettledOutcome } from './types.js';

/** A {@link FileJournal} on `path`; its options are checked already (by {@link fileJournal}). */
export class FileJournalImpl implements FileJournal {
  readonly path: string;
  private readonly lockPath: string;
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly state: FileJournalState;
  private readonly compactor: Compactor;
  private readonly writer: GroupCommitWriter;

  private lock: PidLock | undefined;
  private openPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;
  private closed = false;

  /** Resolves `path`; opens nothing yet. */
  constructor(path: string, opts: FileJournalOptions) {
    this.path = resolvePath(path);
    this.lockPath = `${this.path}.lock`;
    this.clock = opts.clock ?? systemClock;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.state = initialState(this.path, opts.fsync ?? true);
    this.compactor = new Compactor(this.state, opts.compactAfter ?? 1_000, () => this.cutoff());
    this.writer = new GroupCommitWriter(this.state, this.compactor);
  }

  stats(): FileJournalStats {
    return { ...this.state.counters, deadLines: deadLines(this.state), retained: this.state.settled.size };
  }

  open(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`fileJournal(${this.path}) is closed`));
    if (this.state.broken) return Promise.reject(this.state.broken);
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
    if (this.state.view.has(id)) return this.writer.inflightFor(id); // already recorded: wait for that record to be durable
    const stored = JSON.parse(json) as JournalEntry;
    return this.writer.record(id, `{"op":"record","entry":${json}}\n`, stored);
  }

  async settle(operationId: string, outcome: SettledOutcome, details?: OutcomeDetails): Promise<void> {
    checkId(this.path, 'settle', operationId);
    if (!isSettledOutcome(outcome)) {
      throw new TypeError(
        `fileJournal(${this.path}).settle: outcome must be one of succeeded, applied, absent, failed; got ${showValue(outcome)}`,
      );
    }
    let line: string;
    try {
      line = encodeSettle(operationId, outcome, this.clock.now(), details);
    } catch (err) {
      throw new TypeError(`fileJournal(${this.path}).settle: details of ${operationId} are not JSON-serializable: ${message(err)}`, { cause: err });
    }
    await this.open();
    if (!this.state.view.has(operationId)) return this.writer.inflightFor(operationId); // unknown (or settle already queued)
    const stored = details === undefined ? undefined : (JSON.parse(JSON.stringify(details)) as OutcomeDetails);
    return this.writer.settle(operationId, line, { outcome, at: this.clock.now(), details: stored });
  }

  async deliver(operationId: string): Promise<void> {
    checkId(this.path, 'deliver', operationId);
    await this.open();
    const s = this.state.settled.get(operationId);
    if ((s === undefined || s.delivered) && !this.writer.settling(operationId)) return; // unknown or delivered already
    return this.writer.deliver(operationId, encodeDeliver(operationId, this.clock.now()));
  }

  async pending(): Promise<JournalEntry[]> {
    await this.open();
    await this.writer.barrier();
    return structuredClone([...this.state.committed.values()]).sort((a, b) => a.createdAt - b.createdAt);
  }

  async lookup(operationId: string): Promise<JournalRecord | undefined> {
    checkId(this.path, 'lookup', operationId);
    await this.open();
    await this.writer.barrier();
    const p = this.state.committed.get(operationId);
    if (p !== undefined) return { state: 'pending', entry: structuredClone(p) };
    const s = this.state.settled.get(operationId);
    return s !== undefined && s.settledAt > this.cutoff() ? { state: 'settled', entry: structuredClone(s) } : undefined;
  }

  async undelivered(): Promise<SettledEntry[]> {
    await this.open();
    await this.writer.barrier();
    const cutoff = this.cutoff();
    return undeliveredOf(this.state.settled).filter((s) => s.settledAt > cutoff);
  }

  /** Outcomes settled at or before this instant have expired. */
  private cutoff(): number {
    return this.clock.now() - this.retentionMs;
  }

  close(): Promise<void> {
    this.closePromise ??= (async () => {
      // One macrotask first: delivery marks the executor schedules for promises that just settled get queued.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.closed = true;
      const opening = this.openPromise;
      if (opening === undefined) return;
      try {
        await opening;
      } catch {
        return; // never opened: no file handle, no lock
      }
      await this.writer.barrier();
      const fh = this.state.fh;
      this.state.fh = undefined;
      try {
        await fh?.close();
      } catch (err) {
        throw new Error(`fileJournal(${this.path}): cannot close the file: ${message(err)}`, { cause: err });
      } finally {
        await this.lock?.release();
        this.lock = undefined;
      }
      const unreported = this.compactor.takeError();
      if (unreported !== undefined) throw unreported;
    })();
    return this.closePromise;
  }

  /** Creates the directory, takes the lock, then reads and repairs the file (releasing the lock on failure). */
  private async doOpen(): Promise<void> {
    const firstCreatedDir = await createParentDir(this.path);
    const lock = await acquirePidLock(this.lockPath, { resource: `journal ${this.path}` });
    let loaded: LoadedJournal;
    try {
      loaded = await loadJournalFile(this.path, firstCreatedDir, this.state.fsync, this.cutoff());
    } catch (err) {
      await lock.release().catch(() => undefined);
      throw err;
    }
    const { state } = this;
    state.fh = loaded.fh;
    state.size = loaded.size;
    state.committed = loaded.committed;
    state.view = new Map(loaded.committed);
    state.settled = loaded.settled;
    state.lines = loaded.lines;
    state.counters.settledLines = loaded.settledLines;
    state.counters.skippedLines = loaded.skippedLines;
    state.counters.truncatedBytes = loaded.truncatedBytes;
    this.lock = lock;
  }
}

function checkId(path: string, method: string, operationId: unknown): void {
  if (typeof operationId !== 'string') {
    throw new TypeError(`fileJournal(${path}).${method}: operationId must be a string, got ${showValue(operationId)}`);
  }
}
