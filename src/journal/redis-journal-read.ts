/**
 * The reading side of {@link redisJournal}: pending entries, one operation's record, undelivered outcomes.
 * @module
 */
import type { Cluster, Redis } from 'ioredis';
import { entryProblem, isSettledOutcome } from './journal-lines.js';
import type { JournalKeys } from './redis-journal-scripts.js';
import type { JournalEntry, JournalRecord, OutcomeDetails, SettledEntry, SettledOutcome } from './types.js';

/** How many ids one HMGET asks for. */
const CHUNK = 1_000;

type ExecResult = [error: Error | null, result: unknown][] | null;

/** The results of a MULTI/EXEC, or a throw naming `what` when it was discarded or a command failed. */
function results(res: ExecResult, what: string): unknown[] {
  if (res === null) throw new Error(`${what}: the MULTI transaction was discarded`);
  return res.map(([err, value]) => {
    if (err) throw new Error(`${what}: ${err.message}`, { cause: err });
    return value;
  });
}

function parseEntry(raw: unknown): JournalEntry | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const entry: unknown = JSON.parse(raw);
    return entryProblem(entry) === undefined ? (entry as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

interface StoredOutcome {
  readonly outcome: SettledOutcome;
  readonly at: number;
  readonly details?: OutcomeDetails;
}

function parseOutcome(raw: unknown): StoredOutcome | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const o = JSON.parse(raw) as Partial<StoredOutcome> | null;
    if (o === null || typeof o !== 'object' || !isSettledOutcome(o.outcome) || typeof o.at !== 'number') return undefined;
    return o as StoredOutcome;
  } catch {
    return undefined;
  }
}

function settled(entry: JournalEntry, o: StoredOutcome, delivered: boolean): SettledEntry {
  const s: SettledEntry = { ...entry, outcome: o.outcome, settledAt: o.at, delivered };
  return o.details === undefined ? s : { ...s, details: o.details };
}

/** Reads a journal's keys. `cutoff()`: outcomes settled at or before it have expired. */
export class RedisJournalReader {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: JournalKeys,
    private readonly cutoff: () => number,
  ) {}

  /** Pending entries by createdAt (ties by id); unparsable ones skipped. */
  async pending(): Promise<JournalEntry[]> {
    const ids = await this.client.zrange(this.keys.order, 0, -1);
    const out: JournalEntry[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const values = await this.client.hmget(this.keys.entries, ...ids.slice(i, i + CHUNK));
      for (const raw of values) {
        const e = parseEntry(raw); // null: settled between ZRANGE and HMGET
        if (e !== undefined) out.push(e);
      }
    }
    return out;
  }

  /** One operation: pending, settled (within retention), or `undefined`. */
  async lookup(id: string): Promise<JournalRecord | undefined> {
    const k = this.keys;
    const [score, rawEntry, rawOutcome, undeliveredScore] = results(
      await this.client.multi().zscore(k.order, id).hget(k.entries, id).hget(k.outcomes, id).zscore(k.undelivered, id).exec(),
      `redisJournal lookup(${id})`,
    );
    const entry = parseEntry(rawEntry);
    if (entry === undefined) return undefined;
    if (score !== null) return { state: 'pending', entry };
    const o = parseOutcome(rawOutcome);
    if (o === undefined || o.at <= this.cutoff()) return undefined;
    return { state: 'settled', entry: settled(entry, o, undeliveredScore === null) };
  }

  /** Settled outcomes not delivered, within retention, oldest settled first. */
  async undelivered(): Promise<SettledEntry[]> {
    const k = this.keys;
    const ids = await this.client.zrangebyscore(k.undelivered, `(${this.cutoff()}`, '+inf');
    const out: SettledEntry[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const [entries, outcomes] = results(
        await this.client.multi().hmget(k.entries, ...chunk).hmget(k.outcomes, ...chunk).exec(),
        'redisJournal undelivered()',
      ) as [unknown[], unknown[]];
      chunk.forEach((_, j) => {
        const e = parseEntry(entries[j]);
        const o = parseOutcome(outcomes[j]);
        if (e !== undefined && o !== undefined) out.push(settled(e, o, false));
      });
    }
    return out;
  }
}
