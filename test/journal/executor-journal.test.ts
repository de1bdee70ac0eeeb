/**
 * The executor's journal protocol against the simulator (a real HTTP server on 127.0.0.1) and real file journals:
 * record → send → settle → return → deliver; journal failures typed, never eating an outcome; outcomeOf.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createExecutor,
  fileJournal,
  IndeterminateError,
  isJournalError,
  JournalError,
  lookups,
  PermanentError,
  profiles,
  ResoluteError,
  type ExecutorOptions,
  type FileJournal,
  type JournalErrorEvent,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { faulty, legacyJournal } from '../helpers/journals.js';
import { orderBody } from '../simulator/helpers.js';

const agent = new http.Agent({ keepAlive: true });
let dir: string;
let sim: Simulator;
const journals: FileJournal[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'resolute-exj-'));
  sim = await startSimulator({ dialect: 'orderly' });
});
afterEach(async () => {
  await Promise.allSettled(journals.splice(0).map((j) => j.close()));
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => agent.destroy());

function journal(name = 'j.jsonl'): FileJournal {
  const j = fileJournal(join(dir, name), { fsync: false });
  journals.push(j);
  return j;
}

function executor(opts: ExecutorOptions = {}) {
  return createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 }),
    profile: profiles.orderly,
    verify: lookups.orderly(),
    verifyDelayMs: 20,
    baseDelayMs: 5,
    ...opts,
  });
}

const order = (id: string) => ({ method: 'POST', url: '/v1/order', data: orderBody('orderly', id) });
const macrotask = () => new Promise((r) => setImmediate(r));
/** A 503 (answered before anything is applied) fails at once: a PermanentError whose outcome is known. */
const NO_503_RETRY = [{ status: 503, action: 'fail' as const }];

describe('record fails: JournalError, nothing sent', () => {
  test('a file journal that cannot create its file', async () => {
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const events: JournalErrorEvent[] = [];
    const j = fileJournal(join(dir, 'not-a-dir', 'j.jsonl'));
    const err = await executor({ journal: j, onJournalError: (e) => events.push(e) }).request(order('r-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect(err).toBeInstanceOf(ResoluteError);
    expect(isJournalError(err)).toBe(true);
    const je = err as JournalError;
    expect(je).toMatchObject({ stage: 'record', operationId: 'r-1', request: { method: 'POST', url: '/v1/order' } });
    expect(je.message).toMatch(/journal record of operation r-1 failed: .*not-a-dir.*Nothing was sent/);
    expect((je.cause as Error).message).toContain('not-a-dir');
    expect(events.map((e) => [e.stage, e.operationId, e.error])).toEqual([['record', 'r-1', je]]);
    expect(sim.arrivals).toHaveLength(0);
    expect(sim.ledger.effects).toHaveLength(0);
  });

  test('the cause keeps name, message and code only: no command arguments, no URL credentials', async () => {
    const raw = Object.assign(new Error('connect ECONNREFUSED redis://app:hunter2@127.0.0.1:6379'), {
      name: 'ReplyError',
      code: 'ECONNREFUSED',
      command: { name: 'evalsha', args: ['{"data":{"apiKey":"SENTINEL"}}'] },
    });
    const err = (await executor({ journal: faulty(journal(), { record: raw }) }).request(order('r-2')).catch((e: unknown) => e)) as JournalError;
    const cause = err.cause as Error & Record<string, unknown>;
    expect(cause).not.toBe(raw);
    expect(cause.name).toBe('ReplyError');
    expect(cause.code).toBe('ECONNREFUSED');
    expect(cause.command).toBeUndefined();
    const everything = `${err.message} ${err.stack} ${JSON.stringify(err)} ${cause.message} ${cause.stack}`;
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('SENTINEL');
    expect(sim.arrivals).toHaveLength(0);
  });

  test('a record that does not answer within journalTimeoutMs', async () => {
    const t0 = Date.now();
    const err = await executor({ journal: faulty(journal(), { record: 'hang' }), journalTimeoutMs: 100 })
      .request(order('r-3'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as Error).message).toMatch(/did not answer within 100 ms \(journalTimeoutMs\)/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(95);
    expect(sim.arrivals).toHaveLength(0);
  });

  test('an abort while recording rejects with the reason; nothing sent', async () => {
    const ctl = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => ctl.abort(reason), 30);
    const err = await executor({ journal: faulty(journal(), { record: 'hang' }) }).request({ ...order('r-4'), signal: ctl.signal }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(sim.arrivals).toHaveLength(0);
  });

  test('a safe request never touches the journal', async () => {
    const res = await executor({ journal: faulty(journal(), { record: new Error('down') }) }).request({ method: 'GET', url: sim.routes.ticker });
    expect(res.status).toBe(200);
  });
});

describe('settle fails: the caller still gets its outcome; the entry stays pending; an event says so', () => {
  test('a response', async () => {
    const inner = journal();
    const events: JournalErrorEvent[] = [];
    const res = await executor({ journal: faulty(inner, { settle: new Error('disk full') }), onJournalError: (e) => events.push(e) }).request(order('s-1'));
    expect(res.status).toBe(200);
    expect(sim.ledger.count('s-1')).toBe(1);
    expect(events.map((e) => [e.stage, e.operationId, e.outcome])).toEqual([['settle', 's-1', 'succeeded']]);
    expect(events[0]!.error.message).toMatch(/disk full.*gets its outcome anyway.*stays pending/);
    expect((await inner.pending()).map((e) => e.operationId)).toEqual(['s-1']);
  });

  test('a typed error (the API said no), and a settle that hangs past journalTimeoutMs', async () => {
    sim.inject({ route: 'placeOrder', fault: '503' });
    const inner = journal();
    await inner.open(); // the record must not be what times out, even on a loaded machine
    const events: JournalErrorEvent[] = [];
    const err = await executor({ journal: faulty(inner, { settle: 'hang' }), journalTimeoutMs: 500, rules: NO_503_RETRY, onJournalError: (e) => events.push(e) })
      .request(order('s-2'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(events.map((e) => [e.stage, e.outcome])).toEqual([['settle', 'failed']]);
    expect((await inner.pending()).map((e) => e.operationId)).toEqual(['s-2']);
  });

  test('an onJournalError hook that throws does not replace the outcome (rethrown asynchronously)', async () => {
    const uncaught: unknown[] = [];
    const listener = (e: unknown): void => void uncaught.push(e);
    const hookError = new Error('hook bug');
    process.on('uncaughtException', listener);
    try {
      const res = await executor({ journal: faulty(journal(), { settle: new Error('down') }), onJournalError: () => { throw hookError; } }).request(order('s-3'));
      expect(res.status).toBe(200);
      await macrotask();
    } finally {
      process.off('uncaughtException', listener);
    }
    expect(uncaught).toEqual([hookError]);
  });
});

describe('settle, return, deliver', () => {
  test('settled before the caller gets it, marked delivered after; outcomeOf reports it with the response kept', async () => {
    const j = journal();
    const ex = executor({ journal: j });
    let settledWhenReturned: boolean | undefined;
    const res = await ex.request(order('d-1')).then(async (r) => {
      const rec = await j.lookup('d-1'); // the settle is durable before the promise resolves
      settledWhenReturned = rec?.state === 'settled';
      return r;
    });
    expect(settledWhenReturned).toBe(true);
    await macrotask();
    await j.pending(); // a barrier: the delivery mark is written
    const o = await ex.outcomeOf('d-1');
    expect(o).toMatchObject({ state: 'settled', outcome: 'succeeded', delivered: true, request: { method: 'POST', url: '/v1/order' } });
    expect(o.state === 'settled' && o.response).toEqual({ status: 200, data: res.data });
    expect(await ex.outcomeOf('never-sent')).toEqual({ state: 'unknown', operationId: 'never-sent' });
  });

  test('verified applied after a 504: settled applied with the verify data, reconciled', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const ex = executor({ journal: journal() });
    const res = await ex.request(order('d-2'));
    expect(res.reconciled?.operationId).toBe('d-2');
    await macrotask();
    expect(await ex.outcomeOf('d-2')).toMatchObject({ state: 'settled', outcome: 'applied', delivered: true, response: { status: 200, reconciled: true, data: res.data } });
  });

  test('in doubt: the entry stays pending; outcomeOf says pending', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const ex = executor({ journal: journal(), verify: () => ({ outcome: 'unknown' }), verifyChecks: 1 });
    await expect(ex.request(order('d-3'))).rejects.toBeInstanceOf(IndeterminateError);
    expect(await ex.outcomeOf('d-3')).toMatchObject({ state: 'pending', operationId: 'd-3', request: { url: '/v1/order' } });
  });

  test('a failure kept with the error name and message', async () => {
    sim.inject({ route: 'placeOrder', fault: '503' });
    const ex = executor({ journal: journal(), rules: NO_503_RETRY });
    const err = (await ex.request(order('d-4')).catch((e: unknown) => e)) as PermanentError;
    expect(err).toBeInstanceOf(PermanentError);
    await macrotask();
    expect(await ex.outcomeOf('d-4')).toMatchObject({ state: 'settled', outcome: 'failed', delivered: true, failure: { name: 'PermanentError', message: err.message } });
  });

  test('when the caller gets an onSuccess hook error instead, the outcome stays undelivered and reconcilePending reports it once', async () => {
    const j = journal();
    const hookError = new Error('my onSuccess failed');
    const failing = executor({ journal: j, onSuccess: () => { throw hookError; } });
    await expect(failing.request(order('d-5'))).rejects.toBe(hookError);
    await macrotask();
    expect(await failing.outcomeOf('d-5')).toMatchObject({ state: 'settled', outcome: 'succeeded', delivered: false });
    const ex = executor({ journal: j });
    const reports = await ex.reconcilePending();
    expect(reports).toMatchObject([{ operationId: 'd-5', outcome: 'succeeded', source: 'undelivered', response: { status: 200 } }]);
    await macrotask();
    await j.pending();
    expect(await ex.reconcilePending()).toEqual([]);
    expect(await ex.outcomeOf('d-5')).toMatchObject({ delivered: true });
    expect(sim.ledger.count('d-5')).toBe(1);
  });
});

describe('secrets', () => {
  test('never reach the journal file: request headers and body fields, verify data, kept response', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const path = join(dir, 'secrets.jsonl');
    const j = fileJournal(path, { fsync: false });
    journals.push(j);
    const real = lookups.orderly();
    const ex = executor({
      journal: j,
      verify: async (ctx) => {
        const r = await real(ctx);
        return r.outcome === 'applied' ? { outcome: 'applied', data: { found: r.data, apiSecret: 'SENTINEL-VERIFY', token: 'SENTINEL-TOKEN' } } : r;
      },
    });
    await ex.request({
      ...order('x-1'),
      headers: { Authorization: 'Bearer SENTINEL-AUTH', 'orderly-key': 'SENTINEL-KEY' },
      data: { ...orderBody('orderly', 'x-1'), signature: 'SENTINEL-SIG' },
    });
    await ex.request({ ...order('x-2'), headers: { 'x-api-key': 'SENTINEL-APIKEY' } });
    await macrotask();
    await j.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('x-1');
    expect(text).toContain('"reconciled":true');
    expect(text).not.toMatch(/SENTINEL/);
  });
});

describe('a journal written for an older resolute (record, settle, pending only)', () => {
  test('is settled only after the caller got its outcome; outcomeOf says it is not supported', async () => {
    const j = legacyJournal();
    const ex = executor({ journal: j });
    let seenByCaller: string[] = [];
    await ex.request(order('l-1')).then(() => {
      seenByCaller = [...j.log];
    });
    expect(seenByCaller).toEqual(['record l-1']);
    await macrotask();
    expect(j.log).toEqual(['record l-1', 'settle l-1 succeeded']);
    await expect(ex.outcomeOf('l-1')).rejects.toThrow(/outcomeOf\(\) needs a journal that keeps outcomes/);
  });

  test('stays pending when the caller did not get the outcome (reconcilePending will verify it)', async () => {
    const j = legacyJournal();
    await expect(executor({ journal: j, onSuccess: () => { throw new Error('x'); } }).request(order('l-2'))).rejects.toThrow('x');
    await macrotask();
    expect(j.log).toEqual(['record l-2']);
    const reports = await executor({ journal: j }).reconcilePending();
    expect(reports).toMatchObject([{ operationId: 'l-2', outcome: 'applied', source: 'verified' }]);
    await macrotask();
    expect(j.log.at(-1)).toBe('settle l-2 applied');
  });

  test('a journal with only some of deliver/lookup/undelivered is refused', () => {
    expect(() => executor({ journal: { ...legacyJournal(), deliver: async () => undefined } })).toThrow(/option "journal" must be a journal with all of deliver, lookup and undelivered/);
    expect(() => executor({ journalTimeoutMs: 0 })).toThrow(/option "journalTimeoutMs" must be a finite number > 0, got 0/);
  });
});

describe('outcomeOf', () => {
  test('rejects with a TypeError without a journal or id, and with a JournalError when the lookup fails', async () => {
    await expect(executor().outcomeOf('x')).rejects.toThrow(/needs the "journal" option/);
    await expect(executor({ journal: journal() }).outcomeOf('')).rejects.toThrow(TypeError);
    const err = await executor({ journal: faulty(journal(), { lookup: new Error('io') }) }).outcomeOf('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect(err).toMatchObject({ stage: 'lookup', operationId: 'x' });
  });
});
