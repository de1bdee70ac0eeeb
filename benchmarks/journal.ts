/**
 * fileJournal throughput: 200 concurrent `record` calls (group commit), with and without fsync, against
 * 200 sequential ones (one fsync each). Medians over rounds; files in the OS temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { fileJournal } from '../src/journal/file-journal.js';
import type { JournalEntry } from '../src/journal/types.js';
import { fmt, median, type BenchResult } from './lib/measure.js';

const RECORDS = 200;
const ROUNDS = 15;

function entry(id: string): JournalEntry {
  return {
    operationId: id,
    request: { method: 'POST', url: '/api/v1/order', data: { symbol: 'BTCUSDT', side: 'BUY', qty: '0.01', clientOrderId: id } },
    createdAt: Date.now(),
    meta: { profile: 'bench' },
  };
}

async function scenario(
  dir: string,
  name: string,
  fsync: boolean,
  concurrent: boolean,
): Promise<Record<string, string | number>> {
  const journal = fileJournal(join(dir, `${name}.jsonl`), { fsync, compactAfter: 10 * RECORDS });
  await journal.open();
  const rates: number[] = [];
  const syncsPerRound: number[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    const ids = Array.from({ length: RECORDS }, (_, i) => `${name}-${round}-${i}`);
    const syncs0 = journal.stats().syncs;
    const t0 = performance.now();
    if (concurrent) await Promise.all(ids.map((id) => journal.record(entry(id))));
    else for (const id of ids) await journal.record(entry(id));
    const ms = performance.now() - t0;
    if (round > 0) {
      rates.push((RECORDS * 1000) / ms); // round 0 is a warm-up
      syncsPerRound.push(journal.stats().syncs - syncs0);
    }
    await Promise.all(ids.map((id) => journal.settle(id, 'succeeded')));
  }
  await journal.close();
  return {
    scenario: name,
    fsync: String(fsync),
    calls: concurrent ? `${RECORDS} concurrent` : `${RECORDS} sequential`,
    'records/s (median)': fmt(median(rates), 0),
    'records/s (min)': fmt(Math.min(...rates), 0),
    'fsyncs per 200': fmt(median(syncsPerRound), 0),
  };
}

/** Runs the journal benchmark and returns its table. */
export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'resolute-bench-journal-'));
  try {
    const rows = [
      await scenario(dir, 'group-commit', true, true),
      await scenario(dir, 'one-by-one', true, false),
      await scenario(dir, 'no-fsync', false, true),
    ];
    return {
      name: 'journal',
      title: `fileJournal: ${RECORDS} records per round, median of ${ROUNDS} rounds`,
      rows,
      notes: [`temp dir: ${tmpdir()}`, 'group commit: concurrent calls share one write and one fdatasync'],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  console.log(result.title);
  console.table(result.rows);
}
