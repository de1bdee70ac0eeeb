/**
 * Journals for executor tests: a journal written for an older resolute (record, settle, pending only), and a
 * wrapper that makes chosen calls of a real journal fail, hang, or run code after they complete.
 */
import type { Journal, JournalEntry, RetainingJournal, SettledOutcome } from '../../src/journal/types.js';

/** A user-written journal without deliver/lookup/undelivered; `log` lists its calls in order. */
export function legacyJournal(): Journal & { readonly log: string[]; readonly entries: Map<string, JournalEntry> } {
  const entries = new Map<string, JournalEntry>();
  const log: string[] = [];
  return {
    log,
    entries,
    record: async (e) => {
      log.push(`record ${e.operationId}`);
      if (!entries.has(e.operationId)) entries.set(e.operationId, e);
    },
    settle: async (id: string, outcome: SettledOutcome) => {
      log.push(`settle ${id} ${outcome}`);
      entries.delete(id);
    },
    pending: async () => [...entries.values()],
    close: async () => undefined,
  };
}

/** What to do instead of (or after) a call. */
export type Fault = Error | 'hang' | ((name: string, args: unknown[]) => void);

/**
 * `inner` with some calls replaced: an Error rejects with it (nothing reaches `inner`), 'hang' never settles, a
 * function runs after `inner`'s call resolved (e.g. to SIGKILL the process right after a durable settle).
 */
export function faulty(inner: RetainingJournal, faults: Partial<Record<keyof RetainingJournal, Fault>>): RetainingJournal {
  const wrap =
    <K extends keyof RetainingJournal>(name: K) =>
    async (...args: unknown[]): Promise<unknown> => {
      const f = faults[name];
      if (f instanceof Error) throw f;
      if (f === 'hang') return new Promise(() => undefined);
      const value = await (inner[name] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      if (typeof f === 'function') f(name, args);
      return value;
    };
  return {
    record: wrap('record'),
    settle: wrap('settle'),
    pending: wrap('pending'),
    close: wrap('close'),
    deliver: wrap('deliver'),
    lookup: wrap('lookup'),
    undelivered: wrap('undelivered'),
  } as RetainingJournal;
}
