/**
 * The breaker in the executor (nock, virtual time): fail fast on first attempts and retries while open, never on
 * the caller's 4xx or on 429, verify still runs for an ambiguous POST, probes, events, abort, options.
 */
import { getEventListeners } from 'node:events';
import axios from 'axios';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import {
  CircuitOpenError,
  createExecutor,
  isCircuitOpenError,
  isResoluteError,
  memoryBreaker,
  profiles,
  RetriesExhaustedError,
  type BreakerEvent,
  type ExecutorOptions,
  type Journal,
} from '../../src/index.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';
import { type VirtualTime } from '../helpers/time.js';

useNock();

const BREAKER = { minimumCalls: 4, windowCalls: 10, windowMs: 10_000, minimumSpanMs: 0, openMs: 1_000, halfOpenProbes: 1 };
const SECRET = 'sk-live-SENTINEL-7f3a';

function counted(path: string, status: number, body: unknown = {}, method: 'get' | 'post' = 'get') {
  const c = { n: 0 };
  nock(BASE)[method](path).times(10_000).reply(() => (++c.n, [status, body]));
  return c;
}

async function settle(vt: VirtualTime, p: Promise<unknown>): Promise<unknown> {
  return vt.drive(p).then(
    (r) => r,
    (e: unknown) => e,
  );
}

/** n logical GETs one after the other, 10 ms apart, one send each. */
async function sendMany(vt: VirtualTime, ex: ReturnType<typeof setup>['ex'], n: number, path = '/x'): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await settle(vt, ex.request({ url: path, resolute: { maxAttempts: 1 } })));
    vt.advance(10);
  }
  return out;
}

describe('fail fast while open', () => {
  test('after the outage opens it, first attempts are not sent: CircuitOpenError names the origin and the probe time, never the credential', async () => {
    const events: BreakerEvent[] = [];
    const { vt, ex } = setup({ breaker: BREAKER, onBreaker: (e) => events.push(e) });
    const hits = counted('/x', 503);
    const results = await sendMany(vt, ex, 10);
    expect(hits.n).toBe(4); // the 4th failure opened it; 6 requests never reached the server
    expect(results.slice(0, 4).every((e) => e instanceof RetriesExhaustedError)).toBe(true); // maxAttempts 1: no retry was due
    const err = results[4] as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(isCircuitOpenError(err) && isResoluteError(err)).toBe(true);
    expect(err.origin).toBe(BASE);
    expect(err.state).toBe('open');
    expect(err.probeAt).toBe(events[0]!.probeAt);
    expect(err.failureRatio).toBe(1);
    expect(err.calls).toBe(4);
    expect(err.attempts).toHaveLength(0);
    expect(err.message).toMatch(new RegExp(`GET /x: not sent: the circuit for ${BASE} is open \\(4 of the last 4 calls failed`));
    expect(err.message).toContain(new Date(err.probeAt).toISOString());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ key: BASE, origin: BASE, from: 'closed', to: 'open', failureRatio: 1, calls: 4 });
    expect(Object.isFrozen(events[0])).toBe(true);
  });

  test('the key carries a hash of the credential, never the credential; URL userinfo is dropped', async () => {
    const events: BreakerEvent[] = [];
    const vt = (await import('../helpers/time.js')).virtualTime();
    const http = axios.create({ baseURL: 'http://user:pa55word@api.test', headers: { 'X-API-KEY': SECRET } });
    const ex = createExecutor({ http, clock: vt.clock, sleep: vt.sleep, breaker: BREAKER, onBreaker: (e) => events.push(e) });
    nock(BASE).get('/x').times(100).reply(503, {});
    const results = await sendMany(vt, ex, 6);
    const err = results[5] as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    const seen = JSON.stringify({ m: err.message, k: err.key, o: err.origin, r: err.request, events });
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain('pa55word');
    expect(err.key).toMatch(/^http:\/\/api\.test#[0-9a-f]{16}$/);
    expect(events[0]!.key).toBe(err.key);
  });

  test('a retry waiting when the circuit opens stops at once; it is not sent', async () => {
    const { vt, ex } = setup({ breaker: { ...BREAKER, minimumCalls: 3 }, baseDelayMs: 5_000, maxDelayMs: 5_000, retryBudget: false });
    const hits = counted('/x', 503);
    const slow = ex.request({ url: '/x', resolute: { maxAttempts: 5 } });
    const result = settle(vt, slow);
    // while the first request waits for its retry (2.5 s with jitter 0.5), two other requests fail: the circuit opens
    await settle(vt, ex.request({ url: '/x', resolute: { maxAttempts: 1 } }));
    await settle(vt, ex.request({ url: '/x', resolute: { maxAttempts: 1 } }));
    const err = (await result) as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(hits.n).toBe(3);
    expect(err.attempts.map((a) => a.status)).toEqual([503]);
  });

  test('the failure that opens it ends its own request: no retry is scheduled into an open circuit', async () => {
    const retries: number[] = [];
    const { vt, ex } = setup({ breaker: { ...BREAKER, minimumCalls: 1 }, onRetry: (e) => retries.push(e.delayMs) });
    const hits = counted('/x', 503);
    const err = await settle(vt, ex.request({ url: '/x' }));
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).attempts.map((a) => [a.status, a.action])).toEqual([[503, 'retry']]);
    expect(hits.n).toBe(1);
    expect(retries).toEqual([]);
  });

  test('traffic resumes after openMs: one probe goes, its success closes the circuit', async () => {
    const events: BreakerEvent[] = [];
    const { vt, ex } = setup({ breaker: BREAKER, onBreaker: (e) => events.push(e) });
    let healthy = false;
    let hits = 0;
    nock(BASE).get('/x').times(100).reply(() => (++hits, healthy ? [200, { ok: 1 }] : [503, {}]));
    await sendMany(vt, ex, 6);
    expect(hits).toBe(4);
    healthy = true;
    vt.advance(1_000);
    const r = (await vt.drive(ex.request({ url: '/x' }))) as { status: number };
    expect(r.status).toBe(200);
    expect(hits).toBe(5);
    await sendMany(vt, ex, 3);
    expect(hits).toBe(8);
    expect(events.map((e) => `${e.from}→${e.to}`)).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
  });

  test('a probe that fails opens it again for openMs', async () => {
    const { vt, ex } = setup({ breaker: BREAKER });
    const hits = counted('/x', 503);
    await sendMany(vt, ex, 5);
    vt.advance(1_000);
    const probe = await settle(vt, ex.request({ url: '/x' }));
    expect(probe).toBeInstanceOf(CircuitOpenError); // its retry met the reopened circuit
    expect((probe as CircuitOpenError).attempts.map((a) => a.status)).toEqual([503]);
    expect(hits.n).toBe(5);
    const next = (await settle(vt, ex.request({ url: '/x' }))) as CircuitOpenError;
    expect(next.probeAt).toBeGreaterThan(vt.clock.now() + 900);
    expect(hits.n).toBe(5);
  });
});

describe('what never opens it', () => {
  test.each([
    ['400 validation', 400, { code: 'VALIDATION_ERROR', message: 'bad', fields: { price: 'bad' } }],
    ['401', 401, { code: 'UNAUTHORIZED', message: 'no' }],
    ['403', 403, { code: 'FORBIDDEN', message: 'no' }],
    ['404', 404, { code: 'NOT_FOUND', message: 'no' }],
    ['410', 410, { code: 'GONE', message: 'no' }],
  ])('%s answered to every request: every request is sent and fails as PermanentError', async (_n, status, body) => {
    const { vt, ex } = setup({ profile: profiles.alp, breaker: BREAKER });
    const hits = counted('/x', status, body);
    const results = await sendMany(vt, ex, 30);
    expect(hits.n).toBe(30);
    expect(results.every((e) => (e as Error).name === 'PermanentError')).toBe(true);
  });

  test('429 is throttling, not an outage: every request is sent', async () => {
    const { vt, ex } = setup({ breaker: BREAKER, limiter: false, maxAttempts: 1, deadlineMs: 600 });
    const hits = counted('/x', 429);
    const results = await sendMany(vt, ex, 20);
    expect(hits.n).toBeGreaterThanOrEqual(20);
    expect(results.some((e) => e instanceof CircuitOpenError)).toBe(false);
  });

  test('ALP SERVICE_OVERLOADED on HTTP 400 is an outage signal: it opens', async () => {
    const { vt, ex } = setup({ profile: profiles.alp, breaker: BREAKER });
    const hits = counted('/x', 400, { code: 'SERVICE_OVERLOADED', message: 'later' });
    const results = await sendMany(vt, ex, 8);
    expect(hits.n).toBe(4);
    expect(results[7]).toBeInstanceOf(CircuitOpenError);
  });

  test('breaker: false: an outage reaches the server on every request', async () => {
    const { vt, ex } = setup({ breaker: false });
    const hits = counted('/x', 503);
    await sendMany(vt, ex, 30);
    expect(hits.n).toBe(30);
  });
});

describe('safety: a request in doubt always goes through verify', () => {
  test('an ambiguous POST (504) while the circuit opens: verify runs and its answer is the outcome', async () => {
    const checks: string[] = [];
    const { vt, ex } = setup({
      profile: profiles.infinex,
      breaker: { ...BREAKER, minimumCalls: 1, openMs: 60_000 },
      verify: (ctx) => {
        checks.push(ctx.operationId);
        return { outcome: 'applied', data: { id: 7 } };
      },
    });
    const posts = counted('/orders', 504, { error: { code: 'GATEWAY_TIMEOUT', msg: 't' } }, 'post');
    const r = (await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }))) as { data: unknown; reconciled?: unknown };
    expect(r.data).toEqual({ id: 7 });
    expect(r.reconciled).toBeDefined();
    expect(checks).toHaveLength(1);
    expect(posts.n).toBe(1);
    // the circuit is open (the 504 counted): the next POST is refused before it is sent
    expect(await settle(vt, ex.request({ method: 'POST', url: '/orders', data: { qty: 2 } }))).toBeInstanceOf(CircuitOpenError);
    expect(posts.n).toBe(1);
  });

  test('verify says absent while open: not resent, CircuitOpenError (the request is known not applied)', async () => {
    let verified = 0;
    const { vt, ex } = setup({ profile: profiles.infinex, breaker: { ...BREAKER, minimumCalls: 1, openMs: 60_000 }, verify: () => (++verified, { outcome: 'absent' }) });
    const posts = counted('/orders', 504, {}, 'post');
    const err = (await settle(vt, ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }))) as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(verified).toBe(1);
    expect(posts.n).toBe(1);
  });

  test('verify says unknown: IndeterminateError as without a breaker, never CircuitOpenError', async () => {
    const { vt, ex } = setup({ profile: profiles.infinex, breaker: { ...BREAKER, minimumCalls: 1, openMs: 60_000 }, verifyChecks: 2, verify: () => ({ outcome: 'unknown' }) });
    counted('/orders', 504, {}, 'post');
    const err = await settle(vt, ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect((err as Error).name).toBe('IndeterminateError');
  });
});

describe('the journal', () => {
  function memoryJournal() {
    const log: string[] = [];
    const journal: Journal = {
      record: async (e) => void log.push(`record ${e.operationId}`),
      settle: async (id, outcome) => void log.push(`settle ${id} ${outcome}`),
      pending: async () => [],
      close: async () => undefined,
    };
    return { journal, log };
  }

  test('an unsafe request refused by the open circuit: the intent is settled failed (known not sent)', async () => {
    const { journal, log } = memoryJournal();
    const { vt, ex } = setup({ breaker: BREAKER, journal });
    counted('/x', 503);
    await sendMany(vt, ex, 4);
    const posts = counted('/orders', 200, {}, 'post');
    const err = (await settle(vt, ex.request({ method: 'POST', url: '/orders', data: {}, resolute: { operationId: 'op-1' } }))) as CircuitOpenError;
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err.operationId).toBe('op-1');
    expect(posts.n).toBe(0);
    for (let i = 0; i < 20 && log.length < 2; i++) await new Promise((r) => setImmediate(r)); // settled once delivered
    expect(log).toEqual(['record op-1', 'settle op-1 failed']);
  });

  test('an unsafe request in doubt while the circuit opens stays pending in the journal (verify could not tell)', async () => {
    const { journal, log } = memoryJournal();
    const { vt, ex } = setup({ profile: profiles.infinex, breaker: { ...BREAKER, minimumCalls: 1, openMs: 60_000 }, journal, verifyChecks: 1, verify: () => ({ outcome: 'unknown' }) });
    counted('/orders', 504, {}, 'post');
    const err = await settle(vt, ex.request({ method: 'POST', url: '/orders', data: {}, resolute: { operationId: 'op-2' } }));
    expect((err as Error).name).toBe('IndeterminateError');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['record op-2']); // not settled: it may have been applied
  });
});

describe('abort', () => {
  test('abort during a retry wait: rejects with the signal reason; the listeners are gone', async () => {
    const breaker = memoryBreaker(BREAKER);
    const { vt, ex } = setup({ breaker, baseDelayMs: 5_000 });
    counted('/x', 503);
    const ctl = new AbortController();
    const p = settle(vt, ex.request({ url: '/x', signal: ctl.signal }));
    for (let i = 0; i < 2_000 && vt.pending() === 0; i++) await new Promise((r) => setImmediate(r)); // under drive's idle threshold
    expect(vt.pending()).toBe(1); // the retry wait
    const reason = new Error('user cancelled');
    expect(getEventListeners(breaker.openSignal(BASE), 'abort')).toHaveLength(1);
    ctl.abort(reason);
    expect(await p).toBe(reason);
    expect(getEventListeners(breaker.openSignal(BASE), 'abort')).toHaveLength(0);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
  });

  test('a caller already aborted while the circuit is open gets its own reason (as fetch does), never a send', async () => {
    const { vt, ex } = setup({ breaker: BREAKER });
    const hits = counted('/x', 503);
    await sendMany(vt, ex, 4);
    const ctl = new AbortController();
    ctl.abort(new Error('gone'));
    const err = await settle(vt, ex.request({ url: '/x', signal: ctl.signal }));
    expect(err).toBe(ctl.signal.reason);
    expect(await settle(vt, ex.request({ url: '/x' }))).toBeInstanceOf(CircuitOpenError);
    expect(hits.n).toBe(4);
  });

  test('an aborted probe gives its slot to the next request', async () => {
    const events: BreakerEvent[] = [];
    const { vt, ex } = setup({ breaker: BREAKER, onBreaker: (e) => events.push(e) });
    let healthy = false;
    nock(BASE).get('/x').times(100).delay(50).reply(() => (healthy ? [200, {}] : [503, {}]));
    await sendMany(vt, ex, 4);
    vt.advance(1_000);
    healthy = true;
    const ctl = new AbortController();
    const probe = settle(vt, ex.request({ url: '/x', signal: ctl.signal }));
    await new Promise((r) => setTimeout(r, 10));
    ctl.abort(new Error('stop'));
    expect(((await probe) as Error).message).toBe('stop');
    const r = (await vt.drive(ex.request({ url: '/x' }))) as { status: number };
    expect(r.status).toBe(200);
    expect(events.map((e) => e.to)).toEqual(['open', 'half-open', 'closed']);
  });
});

describe('options and hooks', () => {
  test.each<[string, NonNullable<ExecutorOptions['breaker']>, RegExp]>([
    ['a number', 5 as never, /option "breaker" must be breaker options .* or false, got 5/],
    ['true', true as never, /option "breaker" must be .*, got true/],
    ['a bad ratio', { failureRatio: 2 }, /option "breaker.failureRatio" must be a number in \(0, 1\], got 2/],
    ['a misspelt option', { openMS: 100 } as never, /option "breaker.openMS" must be left out: it is not an option/],
    ['half a breaker', { admit: () => ({ ok: true, probe: false }) } as never, /option "breaker" must be a breaker with admit, blocked, record and openSignal functions, got an object/],
    ['negative openMs', { openMs: -5 }, /option "breaker.openMs" must be a finite number > 0, got -5/],
  ])('%s → TypeError naming the option and the value', (_n, breaker, message) => {
    expect(() => createExecutor({ breaker })).toThrow(TypeError);
    expect(() => createExecutor({ breaker })).toThrow(message);
  });

  test('onBreaker must be a function', () => {
    expect(() => createExecutor({ onBreaker: 'log' as never })).toThrow(/option "onBreaker" must be a function, got "log"/);
  });

  test('an onBreaker hook that throws fails the request that saw the change with its error', async () => {
    const { vt, ex } = setup({
      breaker: BREAKER,
      onBreaker: () => {
        throw new Error('hook broke');
      },
    });
    counted('/x', 503);
    const results = await sendMany(vt, ex, 5);
    expect((results[3] as Error).message).toBe('hook broke');
    expect(results[4]).toBeInstanceOf(CircuitOpenError);
  });

  test('limiter: false: the breaker keys requests the same way', async () => {
    const { vt, ex } = setup({ breaker: BREAKER, limiter: false });
    const hits = counted('/x', 503);
    const results = await sendMany(vt, ex, 6);
    expect(hits.n).toBe(4);
    expect((results[5] as CircuitOpenError).key).toBe(BASE);
  });

  test('one memoryBreaker shared by two executors: one sees the outage, both fail fast', async () => {
    const breaker = memoryBreaker(BREAKER);
    const a = setup({ breaker });
    const b = createExecutor({ http: axios.create({ baseURL: BASE }), breaker, clock: a.vt.clock, sleep: a.vt.sleep });
    const hits = counted('/x', 503);
    await sendMany(a.vt, a.ex, 4);
    expect(await settle(a.vt, b.request({ url: '/x' }))).toBeInstanceOf(CircuitOpenError);
    expect(hits.n).toBe(4);
  });
});
