/**
 * reconcilePending: undelivered outcomes and verified ones in one pass, reported once, and no timer left behind
 * (a 3 ms reconcile used to keep a CLI alive ~10 s: one uncleared timer per entry).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createExecutor, fileJournal, JournalError, type FileJournal, type ReconcileEvent } from '../../src/index.js';
import { faulty } from '../helpers/journals.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/reconcile-and-exit.ts', import.meta.url));
let dir: string;
const journals: FileJournal[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resolute-reconcile-'));
});
afterEach(async () => {
  await Promise.allSettled(journals.splice(0).map((j) => j.close()));
  rmSync(dir, { recursive: true, force: true });
});

function journal(): FileJournal {
  const j = fileJournal(join(dir, 'j.jsonl'), { fsync: false });
  journals.push(j);
  return j;
}

const request = { method: 'POST', url: '/order' };
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('reconcilePending', () => {
  test('reports undelivered outcomes, then verifies what is in doubt; marks all delivered; a second pass reports nothing', async () => {
    const j = journal();
    await j.record({ operationId: 'done', request, createdAt: 1 });
    await j.settle('done', 'succeeded', { response: { status: 201, data: { id: 1 } } });
    await j.record({ operationId: 'lost', request, createdAt: 2 });
    await j.settle('lost', 'failed', { error: { name: 'PermanentError', message: 'no' } });
    await j.deliver('lost');
    for (const id of ['a', 'b', 'c']) await j.record({ operationId: id, request, createdAt: 3 });
    const events: ReconcileEvent[] = [];
    const verdicts: Record<string, 'applied' | 'absent' | 'unknown'> = { a: 'applied', b: 'absent', c: 'unknown' };
    const ex = createExecutor({ journal: j, verify: (ctx) => ({ outcome: verdicts[ctx.operationId]!, data: { found: ctx.operationId } }), onReconcile: (e) => events.push(e) });
    const reports = await ex.reconcilePending();
    expect(reports).toEqual([
      { operationId: 'done', request, outcome: 'succeeded', source: 'undelivered', settledAt: expect.any(Number), response: { status: 201, data: { id: 1 } } },
      { operationId: 'a', request, outcome: 'applied', source: 'verified', data: { found: 'a' } },
      { operationId: 'b', request, outcome: 'absent', source: 'verified' },
      { operationId: 'c', request, outcome: 'unknown', source: 'verified' },
    ]);
    expect(events.map((e) => [e.operationId, e.outcome, e.source])).toEqual([
      ['done', 'succeeded', 'undelivered'],
      ['a', 'applied', 'verified'],
      ['b', 'absent', 'verified'],
      ['c', 'unknown', 'verified'],
    ]);
    await new Promise((r) => setImmediate(r));
    await j.pending();
    expect(await ex.reconcilePending()).toEqual([{ operationId: 'c', request, outcome: 'unknown', source: 'verified' }]);
    expect(await ex.outcomeOf('a')).toMatchObject({ state: 'settled', outcome: 'applied', delivered: true, response: { status: 200, data: { found: 'a' }, reconciled: true } });
  });

  test('a pass aborted midway rejects with the reason; what it did not return stays undelivered', async () => {
    const j = journal();
    for (const id of ['a', 'b']) await j.record({ operationId: id, request, createdAt: 1 });
    const ctl = new AbortController();
    const reason = new Error('shutdown');
    const ex = createExecutor({ journal: j, verify: (ctx) => (ctx.operationId === 'b' ? (ctl.abort(reason), new Promise(() => undefined)) : { outcome: 'applied' }) });
    await expect(ex.reconcilePending({ signal: ctl.signal })).rejects.toBe(reason);
    await new Promise((r) => setImmediate(r));
    expect((await j.undelivered()).map((u) => u.operationId)).toEqual(['a']);
    expect((await j.pending()).map((u) => u.operationId)).toEqual(['b']);
  });

  test('a verify hook slower than timeoutMs counts as unknown, with the reason', async () => {
    const j = journal();
    await j.record({ operationId: 'slow', request, createdAt: 1 });
    const ex = createExecutor({ journal: j, verify: () => new Promise(() => undefined) });
    expect(await ex.reconcilePending({ timeoutMs: 30 })).toEqual([
      { operationId: 'slow', request, outcome: 'unknown', source: 'verified', error: 'the verify hook did not answer within 30 ms' },
    ]);
  });

  test('a journal that cannot list what it holds rejects the pass with a JournalError', async () => {
    const ex = createExecutor({ journal: faulty(journal(), { undelivered: new Error('EIO') }), verify: () => ({ outcome: 'unknown' }) });
    const err = await ex.reconcilePending().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect(err).toMatchObject({ stage: 'undelivered', operationId: '' });
    expect((err as Error).message).toMatch(/journal undelivered failed: EIO/);
  });

  test('leaves no timer behind, whatever the number of entries', async () => {
    const j = journal();
    for (let i = 0; i < 20; i++) await j.record({ operationId: `t-${i}`, request, createdAt: 1 });
    const before = timers();
    const ex = createExecutor({ journal: j, verify: async () => ({ outcome: 'unknown' }) });
    expect(await ex.reconcilePending({ timeoutMs: 10_000 })).toHaveLength(20);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('a CLI that reconciles 5 entries exits as soon as it is done', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, join(dir, 'cli.jsonl'), '5'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    let doneAt = 0;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (doneAt === 0 && out.includes('reconciled 5')) doneAt = Date.now();
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const lingered = Date.now() - doneAt;
    expect(code).toBe(0);
    expect(doneAt).toBeGreaterThan(0);
    // Before the fix it lingered ≈ timeoutMs (10,000 ms); exiting takes a few ms, a loaded machine a few hundred.
    expect(lingered).toBeLessThan(3_000);
  });
});
