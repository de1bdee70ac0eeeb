/**
 * Keeping settled outcomes for a retention window: pure helpers over the settle-ordered map a file journal
 * keeps in memory.
 * @module
 */
import type { JournalEntry, OutcomeDetails, SettledEntry, SettledOutcome } from './types.js';

/**
 * Drops the outcomes settled at or before `cutoff` (epoch ms) from the head of `settled` (kept in settle order;
 * the scan stops at the first one still kept, so a clock that stepped back only delays expiry). Returns how many
 * were dropped.
 *
 * @example
 * ```ts
 * pruneExpired(settled, clock.now() - retentionMs);
 * ```
 */
export function pruneExpired(settled: Map<string, SettledEntry>, cutoff: number): number {
  let dropped = 0;
  for (const [id, s] of settled) {
    if (s.settledAt > cutoff) break;
    settled.delete(id);
    dropped++;
  }
  return dropped;
}

/**
 * The settled form of a pending entry.
 *
 * @example
 * ```ts
 * settledFrom(entry, 'succeeded', Date.now(), { response: { status: 200, data } });
 * ```
 */
export function settledFrom(entry: JournalEntry, outcome: SettledOutcome, at: number, details: OutcomeDetails | undefined, delivered = false): SettledEntry {
  return details === undefined ? { ...entry, outcome, settledAt: at, delivered } : { ...entry, outcome, settledAt: at, delivered, details };
}

/**
 * The outcomes of `settled` not delivered yet, oldest settled first (copies).
 *
 * @example
 * ```ts
 * undeliveredOf(settled); // [{ operationId: 'op-1', outcome: 'succeeded', delivered: false, ... }]
 * ```
 */
export function undeliveredOf(settled: ReadonlyMap<string, SettledEntry>): SettledEntry[] {
  const out: SettledEntry[] = [];
  for (const s of settled.values()) if (!s.delivered) out.push(s);
  return structuredClone(out).sort((a, b) => a.settledAt - b.settledAt);
}
