/**
 * fileJournal keeps settled outcomes: lookup, undelivered, deliver, retention expiry and compaction of kept
 * outcomes, across reopens. Real files; an injected clock for expiry.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileJournal, type FileJournal, type FileJournalOptions } from '../../src/journal/file-journal.js';
import type { JournalEntry } from '../../src/journal/types.js';

let dir: string;
let file: string;
const opened: FileJournal[] = [];
let now = 1_000_000;
const clock = { now: () => now };

function open(opts: FileJournalOptions = {}): FileJournal {
  const j = fileJournal(file, { clock, ...opts });
  opened.push(j);
  return j;
}

function entry(id: string, createdAt = 1_000): JournalEntry {
  return { operationId: id, request: { method: 'POST', url: '/order', data: { id } }, createdAt };
}

const lines = (): Array<Record<string, unknown>> =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resolute-retention-'));
  file = join(dir, 'journal.jsonl');
  now = 1_000_000;
});

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((j) => j.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('fileJournal: kept outcomes', () => {
  it('keeps a settled outcome, undelivered, with its details; deliver marks it; all of it survives a reopen', async () => {
    const j = open();
    await j.record(entry('a'));
    await j.record(entry('b'));
    expect(await j.lookup('a')).toEqual({ state: 'pending', entry: entry('a') });
    now += 5;
    await j.settle('a', 'succeeded', { response: { status: 201, data: { orderId: 7 } } });
    await j.settle('b', 'failed', { error: { name: 'PermanentError', message: 'no funds' } });
    const a = { ...entry('a'), outcome: 'succeeded', settledAt: 1_000_005, delivered: false, details: { response: { status: 201, data: { orderId: 7 } } } };
    expect(await j.lookup('a')).toEqual({ state: 'settled', entry: a });
    expect((await j.undelivered()).map((s) => s.operationId)).toEqual(['a', 'b']);
    expect(await j.pending()).toEqual([]);
    expect(await j.lookup('never')).toBeUndefined();

    const syncs = j.stats().syncs;
    await j.deliver('a');
    expect(j.stats().syncs).toBe(syncs); // a batch of delivery marks alone is not fsync'd
    expect(lines().at(-1)).toEqual({ op: 'deliver', operationId: 'a', at: 1_000_005 });
    expect(await j.lookup('a')).toEqual({ state: 'settled', entry: { ...a, delivered: true } });
    expect((await j.undelivered()).map((s) => s.operationId)).toEqual(['b']);
    await j.close();

    const k = open();
    expect(await k.lookup('a')).toEqual({ state: 'settled', entry: { ...a, delivered: true } });
    expect(await k.undelivered()).toEqual([
      { ...entry('b'), outcome: 'failed', settledAt: 1_000_005, delivered: false, details: { error: { name: 'PermanentError', message: 'no funds' } } },
    ]);
    expect(k.stats().retained).toBe(2);
  });

  it('ignores settle and deliver of ids it does not hold (no line written), and a second settle', async () => {
    const j = open();
    await j.settle('ghost', 'succeeded');
    await j.deliver('ghost');
    await j.record(entry('a'));
    await j.settle('a', 'succeeded');
    await j.settle('a', 'failed');
    await j.deliver('a');
    await j.deliver('a');
    expect(lines().map((l) => l.op)).toEqual(['record', 'settle', 'deliver']);
    expect((await j.lookup('a'))?.entry).toMatchObject({ outcome: 'succeeded', delivered: true });
  });

  it('delivers an outcome whose settle is still queued (same batch)', async () => {
    const j = open();
    await j.record(entry('a'));
    await Promise.all([j.settle('a', 'applied'), j.deliver('a')]);
    expect((await j.lookup('a'))?.entry).toMatchObject({ outcome: 'applied', delivered: true });
  });

  it('recording a settled id starts a new intent and forgets the old outcome', async () => {
    const j = open();
    await j.record(entry('a', 1));
    await j.settle('a', 'absent');
    await j.record(entry('a', 2));
    expect(await j.lookup('a')).toEqual({ state: 'pending', entry: entry('a', 2) });
    expect(await j.undelivered()).toEqual([]);
    await j.close();
    expect(await open().lookup('a')).toEqual({ state: 'pending', entry: entry('a', 2) });
  });

  it('forgets outcomes after retentionMs: lookup, undelivered, reopen and compaction', async () => {
    const j = open({ retentionMs: 1_000, compactAfter: 0 });
    await j.record(entry('old'));
    await j.settle('old', 'succeeded');
    now += 600;
    await j.record(entry('new'));
    await j.settle('new', 'succeeded');
    now += 500; // old: 1,100 ms ago; new: 500 ms ago
    expect(await j.lookup('old')).toBeUndefined();
    expect((await j.lookup('new'))?.state).toBe('settled');
    expect((await j.undelivered()).map((s) => s.operationId)).toEqual(['new']);

    await j.record(entry('next')); // compaction runs before this batch is appended: it drops the expired outcome
    expect(j.stats().compactions).toBeGreaterThanOrEqual(1);
    expect(lines().map((l) => [l.op, (l.entry as JournalEntry | undefined)?.operationId ?? l.operationId])).toEqual([
      ['settle', 'new'],
      ['record', 'next'],
    ]);
    await j.close();
    now += 1_000;
    const k = open({ retentionMs: 1_000 });
    expect(await k.lookup('new')).toBeUndefined(); // expired while closed: dropped on open
    expect(k.stats().retained).toBe(0);
    expect(await k.pending()).toEqual([entry('next')]);
  });

  it('compaction keeps each kept outcome as one self-contained line, delivered or not', async () => {
    const j = open({ compactAfter: 3 });
    for (const id of ['a', 'b', 'c', 'd']) await j.record(entry(id));
    await j.settle('a', 'succeeded', { response: { status: 200, data: 'ok' } });
    await j.deliver('a');
    await j.settle('b', 'failed');
    await j.settle('c', 'applied'); // dead lines: 3 records + 1 deliver = 4 > 3 and ≥ 3 kept: compact
    expect(await j.pending()).toEqual([entry('d')]); // a barrier: the compaction after that commit is done
    expect(j.stats().compactions).toBe(1);
    expect(lines()).toEqual([
      { op: 'record', entry: entry('d') },
      { op: 'settle', operationId: 'a', outcome: 'succeeded', at: 1_000_000, details: { response: { status: 200, data: 'ok' } }, entry: entry('a'), delivered: true },
      { op: 'settle', operationId: 'b', outcome: 'failed', at: 1_000_000, entry: entry('b') },
      { op: 'settle', operationId: 'c', outcome: 'applied', at: 1_000_000, entry: entry('c') },
    ]);
    expect(j.stats()).toMatchObject({ deadLines: 0, retained: 3 });
    await j.close();
    const k = open();
    expect((await k.undelivered()).map((s) => s.operationId)).toEqual(['b', 'c']);
    expect((await k.lookup('a'))?.entry).toMatchObject({ outcome: 'succeeded', delivered: true, request: entry('a').request });
    expect(await k.pending()).toEqual([entry('d')]);
  });

  it('reads a file written before outcomes were kept (settle lines without details)', async () => {
    writeFileSync(
      file,
      `${JSON.stringify({ op: 'record', entry: entry('a') })}\n${JSON.stringify({ op: 'record', entry: entry('b') })}\n` +
        `${JSON.stringify({ op: 'settle', operationId: 'a', outcome: 'succeeded', at: 999_999 })}\n`,
    );
    const j = open();
    expect(await j.pending()).toEqual([entry('b')]);
    expect(await j.lookup('a')).toEqual({ state: 'settled', entry: { ...entry('a'), outcome: 'succeeded', settledAt: 999_999, delivered: false } });
  });

  it('rejects details that cannot be serialized with a TypeError, writing nothing', async () => {
    const j = open();
    await j.record(entry('a'));
    await expect(j.settle('a', 'succeeded', { response: { status: 200, data: { n: 1n } } })).rejects.toThrow(TypeError);
    expect(lines()).toHaveLength(1);
    expect(() => fileJournal(file, { retentionMs: -1 })).toThrow(/retentionMs.*-1/);
  });

  it('close() waits one macrotask, so a delivery mark queued just before it is written', async () => {
    const j = open();
    await j.record(entry('a'));
    await j.settle('a', 'succeeded');
    setImmediate(() => void j.deliver('a'));
    await j.close();
    expect(lines().at(-1)).toMatchObject({ op: 'deliver', operationId: 'a' });
  });
});
