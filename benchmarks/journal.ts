/**
 * fileJournal throughput: 200 concurrent `record` calls (group commit), with and without fsync, against
 * 200 sequential ones (one fsync each); and whole operations as the executor journals them, 200 at a time:
 * record → settle (with the response kept) → deliver, against record → settle alone (the protocol before
 * outcomes were kept). Medians over rounds; files in the OS temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { fileJournal, type FileJournal } from '../src/journal/file-journal.js';
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

/**
 * One round of 200 concurrent operations as the executor journals them: `record`, `settle` with a kept response
 * (the caller waits for both), then, when asked, `deliver` without waiting (the executor marks delivery after the
 * caller's promise settled: the mark rides along with the next batch). Returns the round's time in ms.
 */
async function cycleRound(journal: FileJournal, prefix: string, withDeliver: boolean, marks: Array<Promise<void>>): Promise<number> {
  const details = { response: { status: 200, data: { success: true, data: { order_id: 123456789, client_order_id: prefix } } } };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: RECORDS }, async (_, i) => {
      const id = `${prefix}-${i}`;
      await journal.record(entry(id));
      await journal.settle(id, 'succeeded', details);
      if (withDeliver && typeof journal.deliver === 'function') marks.push(journal.deliver(id));
    }),
  );
  return performance.now() - t0;
}

/**
 * Whole operations, 200 concurrent per round, record → settle against record → settle → deliver, the two
 * alternating round by round (so the shared machine's drift hits both alike): operations per second.
 */
async function cycles(dir: string, rounds: number): Promise<Array<Record<string, string | number>>> {
  const variants = [
    { name: 'record+settle', withDeliver: false, journal: fileJournal(join(dir, 'rs.jsonl')), rates: [] as number[], syncs: [] as number[] },
    { name: 'record+settle+deliver', withDeliver: true, journal: fileJournal(join(dir, 'rsd.jsonl')), rates: [] as number[], syncs: [] as number[] },
  ];
  for (const v of variants) await v.journal.open();
  const marks: Array<Promise<void>> = [];
  for (let round = 0; round < rounds + 1; round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const syncs0 = v.journal.stats().syncs;
      const ms = await cycleRound(v.journal, `${v.name}-${round}`, v.withDeliver, marks);
      if (round === 0) continue; // warm-up
      v.rates.push((RECORDS * 1000) / ms);
      v.syncs.push(v.journal.stats().syncs - syncs0);
    }
  }
  await Promise.all(marks);
  const rows = [];
  for (const v of variants) {
    await v.journal.close();
    rows.push({
      scenario: v.name,
      fsync: 'true',
      calls: `${RECORDS} concurrent operations`,
      'records/s (median)': `${fmt(median(v.rates), 0)} ops/s`,
      'records/s (min)': `${fmt(Math.min(...v.rates), 0)} ops/s`,
      'fsyncs per 200': fmt(median(v.syncs), 0),
      compactions: v.journal.stats().compactions,
    });
  }
  return rows;
}

/** Runs the journal benchmark and returns its table. */
export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'resolute-bench-journal-'));
  try {
    const rows = [
      await scenario(dir, 'group-commit', true, true),
      await scenario(dir, 'one-by-one', true, false),
      await scenario(dir, 'no-fsync', false, true),
      ...(await cycles(dir, 3 * ROUNDS)),
    ];
    return {
      name: 'journal',
      title: `fileJournal: ${RECORDS} records per round, median of ${ROUNDS} rounds`,
      rows,
      notes: [
        `temp dir: ${tmpdir()}`,
        'group commit: concurrent calls share one write and one fdatasync',
        'operations: record and settle (response kept) awaited; deliver not awaited, as the executor marks it after the caller got the outcome (written without an fdatasync of its own, it joins the next batch)',
      ],
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
