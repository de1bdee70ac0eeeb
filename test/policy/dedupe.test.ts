/**
 * `profile.dedupes`: an API that refuses a used operation id. The pure verdict table, then the executor against nock:
 * an ambiguous send is resent at once with the same id; a duplicate refusal is verified (applied, no settle wait);
 * any other refusal after an ambiguous send is verified too; the request stays in doubt until an answer is certain.
 */
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { createExecutor, IndeterminateError, PermanentError, profiles, RetriesExhaustedError, verifyByLookup, type Profile } from '../../src/index.js';
import { failureFromError, failureFromResponse } from '../../src/failure/normalize.js';
import { dedupeVerdict } from '../../src/policy/dedupe.js';
import type { Action, RequestFacts, Verdict } from '../../src/policy/types.js';
import { setup } from '../helpers/executor.js';
import { BASE, useNock } from '../helpers/nock.js';
import { rejection } from '../helpers/time.js';

useNock();

const facts: RequestFacts = { method: 'POST', url: '/orders', safe: false, resent: false, otpSent: false, repeats: 0 };
const dup = failureFromResponse(409, {}, { code: 'DUPLICATE', message: 'clientId used' }, profiles.generic.dialect, { now: 0 });
const other = failureFromResponse(400, {}, { code: 'BALANCE', message: 'insufficient balance' }, profiles.generic.dialect, { now: 0 });
const verdict = (action: Action, failure = other): Verdict => ({ action, reason: 'r', failure });

describe('dedupeVerdict (pure)', () => {
  const rows: [string, Verdict, boolean, Action][] = [
    ['ambiguous (verify) → resend with the same id', verdict('verify'), false, 'retry'],
    ['ambiguous again while in doubt → resend', verdict('verify'), true, 'retry'],
    ['duplicate refusal after an ambiguous send → verify', verdict('fail', dup), true, 'verify'],
    ["duplicate refusal of a first send (the caller's reused id) → as it was", verdict('fail', dup), false, 'fail'],
    ['another refusal after an ambiguous send → verify', verdict('fail'), true, 'verify'],
    ['another refusal, nothing in doubt → fail', verdict('fail'), false, 'fail'],
    ['retry, throttle and otp are left alone', verdict('throttle'), true, 'throttle'],
    ['retry stays retry', verdict('retry'), true, 'retry'],
    ['otp stays otp', verdict('otp'), true, 'otp'],
  ];
  test.each(rows)('%s', (_name, v, inDoubt, want) => {
    expect(dedupeVerdict(v, { status: 409 }, facts, inDoubt).action).toBe(want);
  });

  test('a duplicate refusal of a resend after verification said absent (a lookup that lagged) is verified too', () => {
    expect(dedupeVerdict(verdict('fail', dup), { status: 409 }, { ...facts, resent: true }, false).action).toBe('verify');
    expect(dedupeVerdict(verdict('fail'), { status: 409 }, { ...facts, resent: true }, false).action).toBe('fail');
  });

  test('a duplicate refusal is verified whatever the rules said (here a retry); every given field must match', () => {
    expect(dedupeVerdict(verdict('retry', dup), { status: 409 }, facts, true).action).toBe('verify');
    expect(dedupeVerdict(verdict('retry', dup), { status: 409, code: 'OTHER' }, facts, true).action).toBe('retry');
    expect(dedupeVerdict(verdict('retry', dup), { code: 'DUPLICATE', when: (f) => f.message.includes('used') }, facts, true).action).toBe('verify');
    expect(dedupeVerdict(verdict('retry', dup), { code: 'DUPLICATE', when: () => false }, facts, true).action).toBe('retry');
  });

  test('a transport failure is never a duplicate refusal', () => {
    const reset = failureFromError(Object.assign(new Error('socket hang up'), { isAxiosError: true, code: 'ECONNRESET', config: {}, request: {} }), profiles.generic.dialect, { now: 0 });
    expect(dedupeVerdict(verdict('verify', reset), { status: 409 }, facts, true).action).toBe('retry');
  });
});

const DEDUPING: Profile = { ...profiles.generic, name: 'orders', operationIdField: 'clientId', dedupes: { status: 409 } };
const lookup = verifyByLookup({ url: (ctx) => `/orders/${ctx.operationId}` });

/** Records the clientId of every POST /orders that nock answers, then answers with `replies` in order. */
function orderServer(replies: readonly (readonly [number, unknown] | 'reset')[]): { ids: string[] } {
  const ids: string[] = [];
  for (const r of replies) {
    const scope = nock(BASE).post('/orders', (body: { clientId: string }) => (ids.push(body.clientId), true));
    if (r === 'reset') scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    else scope.reply(r[0], r[1] as nock.Body);
  }
  return { ids };
}

function lookups(replies: readonly (readonly [number, unknown])[]): { n: number } {
  const c = { n: 0 };
  for (const [status, body] of replies) nock(BASE).get(/^\/orders\/[\w-]+$/).reply(() => (c.n++, [status, body as nock.Body]));
  return c;
}

const GATEWAY = [504, '<html>504 Gateway Time-out</html>'] as const;
const PLACED = [201, { clientId: 'x', status: 'open' }] as const;
const DUPLICATE = [409, { code: 'DUPLICATE', message: 'clientId used' }] as const;
const BROKE = [400, { code: 'BALANCE', message: 'insufficient balance' }] as const;
const FOUND = [200, { clientId: 'x', status: 'open', found: true }] as const;
const NOT_FOUND = [404, { code: 'NOT_FOUND' }] as const;

describe('the executor with profile.dedupes', () => {
  test('504, then the resend is placed: two sends with the same clientId, no lookup, no settle wait', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    const server = orderServer([GATEWAY, PLACED]);
    const looked = lookups([]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.status).toBe(201);
    expect(server.ids).toHaveLength(2);
    expect(server.ids[1]).toBe(server.ids[0]);
    expect(looked.n).toBe(0);
    expect(vt.sleeps).toEqual([expect.any(Number)]);
    expect(vt.sleeps[0]).toBeLessThan(1_000); // one backoff, not verifyDelayMs + settleMs
  });

  test('504, then the resend is refused as a duplicate: verified applied at the first lookup, the lookup data returned', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    const server = orderServer([GATEWAY, DUPLICATE]);
    const looked = lookups([FOUND]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.data).toEqual(FOUND[1]);
    expect(res.reconciled).toMatchObject({ operationId: server.ids[0], checks: 1 });
    expect(server.ids).toHaveLength(2);
    expect(looked.n).toBe(1);
  });

  test('a reset, then a refusal that may be caused by the first send (balance): verified, found applied', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    orderServer(['reset', BROKE]);
    const looked = lookups([FOUND]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.data).toEqual(FOUND[1]);
    expect(looked.n).toBe(1);
  });

  test('a reset, a refusal, and the lookup proves absent after settleMs: resent once more, and that refusal is final', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    const server = orderServer(['reset', BROKE, BROKE]);
    const looked = lookups([NOT_FOUND, NOT_FOUND, NOT_FOUND]);
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })));
    expect(err).toBeInstanceOf(PermanentError);
    expect(server.ids).toHaveLength(3);
    expect(looked.n).toBeGreaterThanOrEqual(2); // a not-found before the settle time proves nothing
  });

  test('504 on every send and no lookup answers: IndeterminateError, never a "failed" error', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false, maxAttempts: 3, verifyChecks: 2 });
    const server = orderServer([GATEWAY, GATEWAY, GATEWAY]);
    lookups([[500, {}], [500, {}]]);
    const err = (await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })))) as IndeterminateError;
    expect(err).toBeInstanceOf(IndeterminateError);
    expect(err.operationId).toBe(server.ids[0]);
    expect(server.ids).toHaveLength(3);
  });

  test('504 on every send, and the lookup proves absent: RetriesExhaustedError (nothing was applied)', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false, maxAttempts: 2 });
    const server = orderServer([GATEWAY, GATEWAY]);
    lookups([NOT_FOUND, NOT_FOUND, NOT_FOUND]);
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })));
    expect(err).toBeInstanceOf(RetriesExhaustedError);
    expect(server.ids).toHaveLength(2);
  });

  test('no verify hook: a duplicate refusal leaves the request in doubt (IndeterminateError), never failed', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, breaker: false });
    orderServer([GATEWAY, DUPLICATE]);
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } })));
    expect(err).toBeInstanceOf(IndeterminateError);
  });

  test("a first send refused as a duplicate is the caller's reused id: PermanentError, nothing looked up", async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    const server = orderServer([DUPLICATE]);
    const looked = lookups([FOUND]);
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1, clientId: 'mine-1' } })));
    expect(err).toBeInstanceOf(PermanentError);
    expect(server.ids).toEqual(['mine-1']);
    expect(looked.n).toBe(0);
  });

  test('a body that cannot carry the id (a string): never resent before verification', async () => {
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false });
    let sends = 0;
    nock(BASE).post('/orders').reply(() => (sends++, GATEWAY));
    const looked = lookups([FOUND]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: 'qty=1' }));
    expect(res.data).toEqual(FOUND[1]);
    expect(sends).toBe(1);
    expect(looked.n).toBe(1);
  });

  test('a resend in doubt neither needs nor spends the retry budget (it stands in for a verify lookup)', async () => {
    // ratio 0 and no floor: no ordinary retry is ever allowed
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: false, retryBudget: { ratio: 0, minPerSecond: 0 } });
    const server = orderServer([GATEWAY, PLACED]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(res.status).toBe(201);
    expect(server.ids).toHaveLength(2);
    nock(BASE).post('/orders').reply(500, {});
    const err = await rejection(vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 2 } })));
    expect(err).toMatchObject({ name: 'RetriesExhaustedError', reason: 'budget' }); // the budget is still in force for ordinary retries
  });

  test('the circuit breaker does not stop a resend in doubt', async () => {
    const states: string[] = [];
    const { vt, ex } = setup({ profile: DEDUPING, verify: lookup, breaker: { minimumCalls: 1, minimumSpanMs: 0, failureRatio: 0.5 }, onBreaker: (e) => states.push(e.to) });
    const server = orderServer([GATEWAY, PLACED]);
    const res = await vt.drive(ex.request({ method: 'POST', url: '/orders', data: { qty: 1 } }));
    expect(states[0]).toBe('open'); // the 504 opened the circuit before the resend
    expect(res.status).toBe(201);
    expect(server.ids).toHaveLength(2);
  });
});

describe('profile.dedupes options', () => {
  test('without operationIdField: a TypeError naming it', () => {
    expect(() => createExecutor({ profile: { ...profiles.generic, dedupes: { status: 409 } } })).toThrow(/"profile\.operationIdField" must be the body field that carries the operation id when dedupes is set, got undefined/);
  });
  test('an empty refusal would match everything: a TypeError naming profile.dedupes and the value', () => {
    expect(() => createExecutor({ profile: { ...DEDUPING, dedupes: {} } })).toThrow(/"profile\.dedupes" must be the duplicate refusal.*got an object/);
    expect(() => createExecutor({ profile: { ...DEDUPING, dedupes: { when: 1 } as never } })).toThrow(/"profile\.dedupes\.when" must be a function, got 1/);
  });
});
