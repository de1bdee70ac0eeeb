/**
 * The group-commit writer of {@link fileJournal}: lines queued in one turn of the event loop are appended
 * with one write and one fdatasync, in call order, and each caller learns when its own line is durable.
 * A batch of deliver lines alone is written without an fdatasync (the next synced batch covers it; a lost
 * delivery mark only reports an outcome twice).
 * @module
 */
import type { Compactor } from './compaction.js';
import { message, writeAll } from './file-io.js';
import type { FileJournalState } from './file-journal-state.js';
import { settledFrom } from './retention.js';
import type { JournalEntry, OutcomeDetails, SettledOutcome } from './types.js';

/** What a settle line does to the state once durable. */
interface SettleEffect {
  readonly outcome: SettledOutcome;
  readonly at: number;
  readonly details: OutcomeDetails | undefined;
}

interface QueueItem {
  readonly kind: 'record' | 'settle' | 'deliver' | 'barrier';
  readonly id: string;
  /** The serialized line ('' for a barrier). */
  readonly line: string;
  /** The stored (JSON round-tripped) entry, for a record. */
  readonly entry?: JournalEntry;
  /** For a settle. */
  readonly settle?: SettleEffect;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
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

/**
 * Appends queued lines to `state.fh` in batches, keeping `state.committed` (durable) and `state.view`
 * (durable plus queued) up to date, and runs compaction between batches.
 */
export class GroupCommitWriter {
  private readonly state: FileJournalState;
  private readonly compactor: Compactor;
  /** The latest queued record/settle per operation id, until it is durable (or failed). */
  private readonly inflight = new Map<string, Promise<void>>();
  /** Ids with a settle queued, not durable yet. */
  private readonly queuedSettles = new Set<string>();
  private queue: QueueItem[] = [];
  private flushScheduled = false;
  private flushing = false;

  /** Writes through `state.fh`; `compactor` runs between batches. */
  constructor(state: FileJournalState, compactor: Compactor) {
    this.state = state;
    this.compactor = compactor;
  }

  /** The latest queued record/settle of `id` while it is not durable yet (`undefined` once it is). */
  inflightFor(id: string): Promise<void> | undefined {
    return this.inflight.get(id);
  }

  /** Queues a record line for `entry` (the stored copy) and adds it to `state.view`. Resolves once durable. */
  record(id: string, line: string, entry: JournalEntry): Promise<void> {
    this.state.view.set(id, entry);
    return this.enqueue('record', id, line, entry);
  }

  /** Queues a settle line for `id` and removes it from `state.view`. Resolves once durable. */
  settle(id: string, line: string, effect: SettleEffect): Promise<void> {
    this.state.view.delete(id);
    this.queuedSettles.add(id);
    return this.enqueue('settle', id, line, undefined, effect);
  }

  /** True when a settle of `id` is queued and not durable yet. */
  settling(id: string): boolean {
    return this.queuedSettles.has(id);
  }

  /** Queues a deliver line for `id`. Resolves once written (fdatasync'd only along with other lines). */
  deliver(id: string, line: string): Promise<void> {
    return this.enqueue('deliver', id, line);
  }

  /** Resolves once everything queued before it has been written (or has failed). Never rejects. */
  barrier(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return this.enqueue('barrier', '', '');
  }

  private enqueue(kind: QueueItem['kind'], id: string, line: string, entry?: JournalEntry, settle?: SettleEffect): Promise<void> {
    const d = deferred();
    const item: QueueItem = { kind, id, line, ...(entry === undefined ? {} : { entry }), ...(settle === undefined ? {} : { settle }), ...d };
    this.queue.push(item);
    if (kind === 'record' || kind === 'settle') this.inflight.set(id, d.done);
    this.scheduleFlush();
    return d.done;
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
        await this.compactor.maybeCompact();
        if (this.queue.length === 0) break;
        const batch = this.queue;
        this.queue = [];
        const failure = batch.some((i) => i.kind !== 'barrier') ? this.compactor.takeError() : undefined;
        if (failure !== undefined) {
          this.fail(batch, failure);
          continue;
        }
        await this.commit(batch);
      }
    } catch (err) {
      // Not expected (commit and maybeCompact report through the items): never leave callers hanging.
      this.state.broken ??= new Error(`fileJournal(${this.state.path}) is unusable: ${message(err)}`, { cause: err });
      const rest = this.queue;
      this.queue = [];
      this.fail(rest, this.state.broken);
    } finally {
      this.flushing = false;
    }
  }

  /** Writes one batch: one write, one fdatasync. Never throws: outcomes go to the items' promises. */
  private async commit(batch: QueueItem[]): Promise<void> {
    const state = this.state;
    const fh = state.fh;
    if (state.broken || fh === undefined) {
      this.fail(batch, state.broken ?? new Error(`fileJournal(${state.path}) is not open`));
      return;
    }
    const lines = batch.filter((i) => i.kind !== 'barrier');
    if (lines.length === 0) {
      for (const item of batch) item.resolve();
      return;
    }

    const buf = Buffer.from(lines.map((i) => i.line).join(''), 'utf8');
    try {
      await writeAll(fh, buf, state.size);
      state.counters.writes++;
    } catch (err) {
      const error = new Error(`fileJournal(${state.path}): cannot append ${lines.length} line(s): ${message(err)}`, { cause: err });
      try {
        await fh.truncate(state.size); // roll back a partial write so the next line starts clean
      } catch (err2) {
        state.broken = new Error(
          `fileJournal(${state.path}) is unusable: a failed append could not be rolled back (${message(err2)}); close and reopen it`,
          { cause: err2 },
        );
      }
      this.fail(batch, error);
      return;
    }
    if (state.fsync && lines.some((i) => i.kind !== 'deliver')) {
      try {
        await fh.datasync();
        state.counters.syncs++;
      } catch (err) {
        // After a failed fsync the page cache state is unknown (the error may not be reported twice): stop.
        state.broken = new Error(`fileJournal(${state.path}) is unusable: fdatasync failed (${message(err)}); close and reopen it`, {
          cause: err,
        });
        this.fail(batch, state.broken);
        return;
      }
    }
    state.size += buf.length;
    state.lines += lines.length;
    state.counters.linesWritten += lines.length;
    for (const item of batch) {
      this.apply(item);
      this.settleInflight(item);
      item.resolve();
    }
  }

  /** Applies a durable line to `state.committed` and `state.settled`. */
  private apply(item: QueueItem): void {
    const state = this.state;
    const id = item.id;
    if (item.kind === 'record' && item.entry !== undefined) {
      if (!state.committed.has(id)) {
        state.settled.delete(id); // recording a settled id starts a new intent
        state.committed.set(id, item.entry);
      }
    } else if (item.kind === 'settle' && item.settle !== undefined) {
      state.counters.settledLines++;
      const entry = state.committed.get(id);
      if (entry === undefined) return;
      state.committed.delete(id);
      state.settled.set(id, settledFrom(entry, item.settle.outcome, item.settle.at, item.settle.details));
    } else if (item.kind === 'deliver') {
      const s = state.settled.get(id);
      if (s !== undefined && !s.delivered) state.settled.set(id, { ...s, delivered: true });
    }
  }

  private settleInflight(item: QueueItem): void {
    if (item.kind === 'settle') this.queuedSettles.delete(item.id);
    if ((item.kind === 'record' || item.kind === 'settle') && this.inflight.get(item.id) === item.done) this.inflight.delete(item.id);
  }

  /** Rejects a batch's lines (barriers resolve), then rebuilds `view` from what is durable plus what is still queued. */
  private fail(batch: QueueItem[], err: Error): void {
    for (const item of batch) {
      this.settleInflight(item);
      if (item.kind === 'barrier') item.resolve();
      else item.reject(err);
    }
    const view = new Map(this.state.committed);
    for (const item of this.queue) {
      if (item.kind === 'record' && item.entry !== undefined) {
        if (!view.has(item.id)) view.set(item.id, item.entry);
      } else if (item.kind === 'settle') {
        view.delete(item.id);
      }
    }
    this.state.view = view;
  }
}
