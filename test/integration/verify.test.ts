/**
 * Ambiguity reconciliation against the simulator, counting the server's ledger: 504 and kin on orders are
 * verified, never blindly resent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createExecutor,
  fileJournal,
  IndeterminateError,
  lookups,
  profiles,
  verifyInList,
  type ExecutorOptions,
  type VerifyEvent,
} from '../../src/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';

const agent = new http.Agent({ keepAlive: true });
const dir = mkdtempSync(join(tmpdir(), 'resolute-verify-'));
let sim: Simulator;

afterAll(() => {
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  sim = await startSimulator({ dialect: 'orderly', slowMs: 400 });
});
afterEach(async () => sim.close());

function executor(opts: ExecutorOptions = {}) {
  return createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 2_000 }),
    profile: profiles.orderly,
    // The simulator applies at once: a not-found counts as absent 100 ms after the first check (the settle time).
    verify: lookups.orderly({ settleMs: 100 }),
    verifyDelayMs: 30,
    baseDelayMs: 5,
    ...opts,
  });
}

const posts = () => sim.arrivals.filter((a) => a.route === 'placeOrder');
const lookupsSeen = () => sim.arrivals.filter((a) => a.route === 'getOrder');
const order = (id: string) => orderBody('orderly', id);

describe('verify on ambiguous order failures (Orderly)', () => {
  test('504 after the effect → verified applied; the caller gets the data, marked reconciled; one effect', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const res = await executor().request({ method: 'POST', url: '/v1/order', data: order('o-1') });
    expect(res.reconciled).toEqual({ operationId: 'o-1', checks: 1 });
    expect(res.data).toMatchObject({ success: true, data: { client_order_id: 'o-1' } });
    expect(sim.ledger.count('o-1')).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(lookupsSeen()).toHaveLength(1);
  });

  test('504 before the effect → absent → resent with the same operation id → one effect', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-before' });
    const res = await executor().request({ method: 'POST', url: '/v1/order', data: order('o-2') });
    expect(res.reconciled).toBeUndefined();
    expect(res.status).toBe(200);
    expect(sim.ledger.count('o-2')).toBe(1);
    expect(posts().map((a) => JSON.parse(a.rawBody).client_order_id)).toEqual(['o-2', 'o-2']);
  });

  test('a generated operation id goes into client_order_id and stays the same across the resend', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-before' });
    const body = { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 1, order_quantity: 1 };
    await executor().request({ method: 'POST', url: '/v1/order', data: body });
    const ids = posts().map((a) => JSON.parse(a.rawBody).client_order_id as string);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(ids[1]).toBe(ids[0]);
    expect(sim.ledger.effects).toHaveLength(1);
  });

  test('a connection reset after the effect → verified applied, one effect', async () => {
    sim.inject({ route: 'placeOrder', fault: 'reset-after' });
    const res = await executor().request({ method: 'POST', url: '/v1/order', data: order('o-3') });
    expect(res.reconciled?.operationId).toBe('o-3');
    expect(sim.ledger.count('o-3')).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  test('a response slower than the client timeout → verified applied, one effect', async () => {
    sim.inject({ route: 'placeOrder', fault: 'slow' });
    const ex = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent, timeout: 100 }), profile: profiles.orderly, verify: lookups.orderly(), verifyDelayMs: 30 });
    const res = await ex.request({ method: 'POST', url: '/v1/order', data: order('o-4') });
    expect(res.reconciled?.operationId).toBe('o-4');
    expect(sim.ledger.count('o-4')).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  test('verify says unknown forever → IndeterminateError within the deadline, with every check', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const t0 = Date.now();
    const err = (await executor({ verify: () => ({ outcome: 'unknown' }), deadlineMs: 600, verifyChecks: 50 })
      .request({ method: 'POST', url: '/v1/order', data: order('o-5') })
      .catch((e: unknown) => e)) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(Date.now() - t0).toBeLessThan(700);
    expect(err.operationId).toBe('o-5');
    expect(err.checks.length).toBeGreaterThanOrEqual(3);
    expect(err.checks.every((c) => c.outcome === 'unknown')).toBe(true);
    expect(err.request).toMatchObject({ method: 'POST', url: '/v1/order', data: { client_order_id: 'o-5' } });
    expect(posts()).toHaveLength(1);
  });

  test('checks exhausted → IndeterminateError after verifyChecks', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    let calls = 0;
    const err = (await executor({ verify: () => (calls++, { outcome: 'unknown' }), verifyChecks: 3, verifyDelayMs: 5 })
      .request({ method: 'POST', url: '/v1/order', data: order('o-6') })
      .catch((e: unknown) => e)) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(calls).toBe(3);
    expect(err.checks.map((c) => c.check)).toEqual([1, 2, 3]);
  });

  test('a verify hook that throws is checked again later; the throw is reported in onVerify', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const events: VerifyEvent[] = [];
    const real = lookups.orderly();
    let n = 0;
    const res = await executor({ verifyDelayMs: 5, onVerify: (e) => events.push(e), verify: (ctx) => (++n < 3 ? Promise.reject(new Error('lookup failed')) : real(ctx)) })
      .request({ method: 'POST', url: '/v1/order', data: order('o-7') });
    expect(res.reconciled?.checks).toBe(3);
    expect(events.map((e) => [e.check, e.outcome, e.error])).toEqual([[1, 'error', 'lookup failed'], [2, 'error', 'lookup failed'], [3, 'applied', undefined]]);
    expect(sim.ledger.count('o-7')).toBe(1);
  });

  test('an abort during a verify wait rejects at once with the reason; nothing resent', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const ctl = new AbortController();
    const reason = new Error('shutting down');
    const p = executor({ verifyDelayMs: 10_000, onAttempt: () => setTimeout(() => ctl.abort(reason), 50) })
      .request({ method: 'POST', url: '/v1/order', data: order('o-8'), signal: ctl.signal });
    const t0 = Date.now();
    expect(await p.catch((e: unknown) => e)).toBe(reason);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(posts()).toHaveLength(1);
  });

  test('absent, resent, answered DUPLICATE_REQUEST (−1007): the first send landed late → verify again → applied', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const real = lookups.orderly();
    let n = 0;
    // a stale read: the first lookup does not see the order yet
    const res = await executor({ verify: (ctx) => (++n === 1 ? { outcome: 'absent' } : real(ctx)) })
      .request({ method: 'POST', url: '/v1/order', data: order('o-9') });
    expect(res.reconciled?.operationId).toBe('o-9');
    expect(posts().map((a) => a.status)).toEqual([504, 409]);
    expect(sim.ledger.count('o-9')).toBe(1);
  });

  test('per-request verify overrides the executor hook', async () => {
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const res = await executor({ verify: () => ({ outcome: 'unknown' }) }).request({
      method: 'POST', url: '/v1/order', data: order('o-10'), resolute: { verify: () => ({ outcome: 'applied', data: { mine: true } }) },
    });
    expect(res.data).toEqual({ mine: true });
  });
});

describe('Infinex: no client id, verify by order history', () => {
  test('504 after → found in the history by the fields sent → applied; one effect', async () => {
    const inf = await startSimulator({ dialect: 'infinex', intentKey: 'ref' });
    try {
      inf.inject({ route: 'placeOrder', fault: '504-after' });
      const ex = createExecutor({
        http: axios.create({ baseURL: inf.url, httpAgent: agent }),
        profile: profiles.infinex,
        verifyDelayMs: 20,
        verify: verifyInList({
          url: () => '/api/v2/orders/history',
          params: (ctx) => ({ pair: (ctx.request.data as { pair: string }).pair }),
          items: (data) => (data as { data?: unknown[] }).data,
          match: (item, ctx) => (item as { ref?: string }).ref === (ctx.request.data as { ref: string }).ref,
        }),
      });
      const res = await ex.request({ method: 'POST', url: inf.routes.placeOrder, data: orderBody('infinex', 'i-1') });
      expect(res.reconciled).toBeDefined();
      expect(inf.ledger.count('i-1')).toBe(1);
      expect(inf.arrivals.filter((a) => a.route === 'placeOrder')).toHaveLength(1);
    } finally {
      await inf.close();
    }
  });
});

describe('the durable journal', () => {
  test('an order is journaled before it is sent and settled when its outcome is known', async () => {
    const path = join(dir, 'settle.journal');
    const journal = fileJournal(path);
    let pendingAtSend = -1;
    const ex = executor({ journal, prepare: async (c) => ((pendingAtSend = (await journal.pending()).length), c) });
    await ex.request({ method: 'POST', url: '/v1/order', data: order('j-1'), headers: { 'orderly-key': 'SECRETKEY' } });
    expect(pendingAtSend).toBe(1);
    expect(await journal.pending()).toEqual([]);
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    await executor({ journal, verify: () => ({ outcome: 'unknown' }), verifyChecks: 1, verifyDelayMs: 1 })
      .request({ method: 'POST', url: '/v1/order', data: order('j-2'), headers: { 'orderly-key': 'SECRETKEY' } })
      .catch(() => undefined);
    const pending = await journal.pending();
    expect(pending.map((p) => p.operationId)).toEqual(['j-2']);
    expect(JSON.stringify(pending)).not.toContain('SECRETKEY');
    await journal.close();
  });

  test('a process SIGKILLed while an order is in doubt; a new process reconciles it: one effect, reported applied', async () => {
    const path = join(dir, 'crash.journal');
    sim.inject({ route: 'placeOrder', fault: '504-after' });
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-order.ts'), sim.url, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal === 'SIGKILL' ? -9 : code)));
    const until = Date.now() + 15_000;
    while (!posts().some((a) => a.status === 504) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);
    expect(out).toMatch(/^attempt /);
    expect(sim.ledger.effects).toHaveLength(1);

    const reports: unknown[] = [];
    const journal = fileJournal(path);
    const ex = executor({ journal, onReconcile: (e) => reports.push(e) });
    const results = await ex.reconcilePending();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ outcome: 'applied', request: { method: 'POST', url: '/v1/order' } });
    expect(reports).toHaveLength(1);
    expect(await journal.pending()).toEqual([]);
    expect(sim.ledger.effects).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    await journal.close();
  });

  test('reconcilePending leaves what it cannot settle in the journal', async () => {
    const path = join(dir, 'unknown.journal');
    const journal = fileJournal(path);
    await journal.record({ operationId: 'ghost', request: { method: 'POST', url: '/v1/order' }, createdAt: Date.now() - 1_000 });
    const ex = executor({ journal, verify: () => ({ outcome: 'unknown' }) });
    expect(await ex.reconcilePending()).toMatchObject([{ operationId: 'ghost', outcome: 'unknown' }]);
    expect((await journal.pending()).map((e) => e.operationId)).toEqual(['ghost']);
    await journal.close();
  });
});
