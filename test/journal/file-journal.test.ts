import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileJournal, type FileJournal } from '../../src/journal/file-journal.js';
import type { JournalEntry } from '../../src/journal/types.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/record-and-hang.ts', import.meta.url));

let dir: string;
let file: string;
const opened: FileJournal[] = [];

function open(path = file, opts?: Parameters<typeof fileJournal>[1]): FileJournal {
  const j = fileJournal(path, opts);
  opened.push(j);
  return j;
}

function entry(id: string, createdAt = 1_000, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { operationId: id, request: { method: 'POST', url: '/order', data: { id } }, createdAt, ...extra };
}

function lines(path = file): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

const ids = (entries: readonly JournalEntry[]): string[] => entries.map((e) => e.operationId);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resolute-journal-'));
  file = join(dir, 'journal.jsonl');
});

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((j) => j.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('fileJournal: round trip', () => {
  it('records, settles and lists pending entries oldest first, across a reopen', async () => {
    const a = open();
    await a.record(entry('late', 3_000));
    await a.record(entry('early', 1_000, { meta: { profile: 'alp' } }));
    await a.record(entry('middle', 2_000));
    await a.settle('middle', 'succeeded');
    expect(ids(await a.pending())).toEqual(['early', 'late']);
    await a.close();

    const b = open();
    const pending = await b.pending();
    expect(ids(pending)).toEqual(['early', 'late']);
    expect(pending[0]).toEqual(entry('early', 1_000, { meta: { profile: 'alp' } }));
  });

  it('treats a record of an existing id as a no-op and ignores a settle of an unknown id', async () => {
    const j = open();
    await j.record(entry('a', 1));
    await j.record(entry('a', 999, { meta: { other: 'x' } }));
    await j.settle('nope', 'failed');
    expect(lines()).toHaveLength(1);
    const pending = await j.pending();
    expect(pending).toEqual([entry('a', 1)]);
  });

  it('re-records an id after it was settled', async () => {
    const j = open();
    await j.record(entry('a', 1));
    await j.settle('a', 'absent');
    await j.record(entry('a', 2));
    expect(await j.pending()).toEqual([entry('a', 2)]);
  });

  it('returns copies: mutating the result does not change the journal', async () => {
    const j = open();
    await j.record(entry('a', 1));
    const [first] = await j.pending();
    (first as { operationId: string }).operationId = 'mutated';
    expect(ids(await j.pending())).toEqual(['a']);
  });

  it('creates the parent directory when missing', async () => {
    const nested = join(dir, 'x', 'y', 'journal.jsonl');
    const j = open(nested);
    await j.record(entry('a'));
    expect(existsSync(nested)).toBe(true);
    expect(lines(nested)).toHaveLength(1);
  });

  it('rejects a malformed entry or outcome with a TypeError, writing nothing', async () => {
    const j = open();
    await expect(j.record({ ...entry('a'), operationId: '' })).rejects.toThrow(TypeError);
    await expect(j.record({ ...entry('a'), createdAt: Number.NaN })).rejects.toThrow(/createdAt/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(j.record(entry('c', 1, { request: { method: 'POST', url: '/', data: cyclic } }))).rejects.toThrow(/JSON/);
    await j.record(entry('a'));
    await expect(j.settle('a', 'maybe' as never)).rejects.toThrow(/outcome.*"maybe"/);
    expect(lines()).toHaveLength(1);
  });

  it('validates options with a TypeError naming the option and the value', () => {
    expect(() => fileJournal('')).toThrow(TypeError);
    expect(() => fileJournal(file, { compactAfter: -1 })).toThrow(/compactAfter.*-1/);
    expect(() => fileJournal(file, { compactAfter: 1.5 })).toThrow(/compactAfter.*1\.5/);
    expect(() => fileJournal(file, { fsync: 'yes' as never })).toThrow(/fsync.*"yes"/);
    expect(() => fileJournal(file, { clock: {} as never })).toThrow(/clock/);
  });

  it('surfaces file-system errors as rejections naming the path', async () => {
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const bad = join(dir, 'not-a-dir', 'journal.jsonl');
    const j = open(bad);
    await expect(j.record(entry('a'))).rejects.toThrow(bad);
  });

  it('rejects calls after close, and close is idempotent', async () => {
    const j = open();
    await j.record(entry('a'));
    await Promise.all([j.close(), j.close()]);
    await expect(j.record(entry('b'))).rejects.toThrow(/closed/);
    await expect(j.pending()).rejects.toThrow(/closed/);
  });

  it('stamps settle lines with the injected clock', async () => {
    const j = open(file, { clock: { now: () => 42 } });
    await j.record(entry('a'));
    await j.settle('a', 'applied');
    expect(JSON.parse(lines()[1]!)).toEqual({ op: 'settle', operationId: 'a', outcome: 'applied', at: 42 });
  });
});

describe('fileJournal: crash safety', () => {
  it('ignores and cuts off a torn last line; earlier entries survive and later records work', async () => {
    const a = open();
    await a.record(entry('a', 1));
    await a.record(entry('b', 2));
    await a.close();
    appendFileSync(file, '{"op":"record","entry":{"operationId":"torn","request":{"meth');

    const b = open();
    expect(ids(await b.pending())).toEqual(['a', 'b']);
    expect(b.stats().truncatedBytes).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    await b.record(entry('c', 3));
    await b.close();

    const c = open();
    expect(ids(await c.pending())).toEqual(['a', 'b', 'c']);
    expect(c.stats()).toMatchObject({ skippedLines: 0, truncatedBytes: 0 });
    expect(lines()).toHaveLength(3);
  });

  it('skips a corrupt line in the middle and keeps the rest', async () => {
    const good = (e: JournalEntry): string => `${JSON.stringify({ op: 'record', entry: e })}\n`;
    writeFileSync(
      file,
      good(entry('a', 1)) +
        '{"op":"record","entry":{"operationId":"x"}}\n' + // well-formed JSON, not an entry
        '\u0000\u0000garbage\n' +
        good(entry('b', 2)) +
        `${JSON.stringify({ op: 'settle', operationId: 'a', outcome: 'succeeded', at: 5 })}\n` +
        good(entry('c', 3)),
    );
    const j = open();
    expect(ids(await j.pending())).toEqual(['b', 'c']);
    expect(j.stats().skippedLines).toBe(2);
    await j.record(entry('d', 4));
    expect(ids(await j.pending())).toEqual(['b', 'c', 'd']);
  });

  it('finds an entry recorded by a process that was then SIGKILLed, taking over its stale lock', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, file, 'op-killed'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('recorded')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`fixture exited early (${code}): ${stderr}`)));
      });
      expect(readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(child.pid));
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const j = open();
    const pending = await j.pending();
    expect(ids(pending)).toEqual(['op-killed']);
    expect(pending[0]?.meta).toEqual({ profile: 'fixture' });
    expect(readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
  });
});

describe('fileJournal: group commit and compaction', () => {
  it('keeps every one of 200 concurrent records, in call order, with fewer fsyncs than records', async () => {
    const j = open();
    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) => j.record(entry(`op-${i}`, 1_000))));
    const stats = j.stats();
    expect(stats.linesWritten).toBe(n);
    expect(stats.syncs).toBeGreaterThan(0);
    expect(stats.syncs).toBeLessThan(n);
    expect(stats.writes).toBe(stats.syncs);
    // Same createdAt: the order is the call order, in memory and in the file.
    const expected = Array.from({ length: n }, (_, i) => `op-${i}`);
    expect(ids(await j.pending())).toEqual(expected);
    expect(lines().map((l) => (JSON.parse(l) as { entry: JournalEntry }).entry.operationId)).toEqual(expected);
    await j.close();
    expect(ids(await open().pending())).toEqual(expected);
  });

  it('compacts to exactly the pending set and shrinks the file (outcomes not kept: retentionMs 0)', async () => {
    const j = open(file, { compactAfter: 10, retentionMs: 0 });
    for (let i = 0; i < 30; i++) await j.record(entry(`op-${i}`, i));
    const fullSize = statSync(file).size;
    const keep = ['op-3', 'op-11', 'op-17', 'op-22', 'op-29'];
    for (let i = 0; i < 30; i++) if (!keep.includes(`op-${i}`)) await j.settle(`op-${i}`, 'succeeded');
    expect(j.stats().compactions).toBeGreaterThanOrEqual(1);
    expect(ids(await j.pending())).toEqual(keep);
    expect(statSync(file).size).toBeLessThan(fullSize / 2);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    await j.close();

    // compactAfter 0: the first batch after any dead line rewrites the file with only the pending records.
    const k = open(file, { compactAfter: 0, retentionMs: 0 });
    await k.record(entry('op-30', 30));
    expect(k.stats().compactions).toBe(1);
    expect(lines().map((l) => (JSON.parse(l) as { op: string }).op)).toEqual(Array(6).fill('record'));
    await k.close();
    expect(ids(await open().pending())).toEqual([...keep, 'op-30']);
  });

  it('loses no record made concurrently with compactions', async () => {
    const j = open(file, { compactAfter: 5, retentionMs: 0 });
    const settled = new Set<string>();
    let inFlight: Promise<unknown> = Promise.resolve();
    for (let wave = 0; wave < 10; wave++) {
      // Each wave is issued the moment the previous wave's settles resolve: just when a compaction starts.
      await inFlight;
      const work: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        const id = `w${wave}-${i}`;
        work.push(
          j.record(entry(id, wave * 100 + i)).then(async () => {
            if (i % 2 === 0) {
              settled.add(id);
              await j.settle(id, 'applied');
            }
          }),
        );
      }
      inFlight = Promise.all(work);
    }
    await inFlight;
    const expected = Array.from({ length: 10 }, (_, w) => Array.from({ length: 20 }, (_, i) => `w${w}-${i}`))
      .flat()
      .filter((id) => !settled.has(id));
    expect(expected).toHaveLength(100);
    expect(ids(await j.pending())).toEqual(expected);
    expect(j.stats().compactions).toBeGreaterThanOrEqual(5);
    await j.close();
    const reopened = open();
    expect(ids(await reopened.pending())).toEqual(expected);
    expect(reopened.stats().skippedLines).toBe(0);
  });
  it('reports a failed compaction to the next call, keeps the old file valid and goes on appending', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${file}.tmp`); // open(path.tmp, 'w+') now fails with EISDIR
    const j = open(file, { compactAfter: 3, retentionMs: 0 });
    for (const id of ['a', 'b', 'c']) await j.record(entry(id, id.charCodeAt(0)));
    await j.settle('a', 'failed');
    await j.settle('b', 'failed'); // 4 dead lines (2 records, 2 expired settles) > 3: a compaction is attempted after this commit, and fails
    await expect(j.record(entry('d', 200))).rejects.toThrow(`${file}.tmp`);
    await j.record(entry('e', 201)); // not retried before another compactAfter dead lines: appends go on
    expect(j.stats().compactions).toBe(0);
    expect(ids(await j.pending())).toEqual(['c', 'e']);
    await j.close();
    expect(ids(await open().pending())).toEqual(['c', 'e']);
  });
});

describe('fileJournal: lock', () => {
  it('refuses a second journal on the same path while the first is open, naming the path and pid', async () => {
    const a = open();
    await a.open();
    const b = open();
    const err = await b.pending().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toMatch(/locked/);

    await a.record(entry('a'));
    await a.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(ids(await b.pending())).toEqual(['a']); // opening is retried once the lock is free
  });

  it('takes over a lock left by a pid that does not exist', async () => {
    writeFileSync(`${file}.lock`, '4194305\n'); // above the largest possible pid_max on Linux: ESRCH
    const j = open();
    await j.record(entry('a'));
    expect(readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
    await j.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over an old lock file holding no readable pid', async () => {
    writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(`${file}.lock`, old, old);
    const j = open();
    await j.record(entry('a'));
    expect(readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
  });
});
