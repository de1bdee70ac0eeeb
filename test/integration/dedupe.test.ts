/**
 * `profile.dedupes` against an order server no one here tuned for it (benchmarks/servers/: express 5, a real child
 * process on 127.0.0.1, which refuses a used clientId with 409). Each order meets a chosen fault on its first send;
 * what the caller got is checked against the server's ledger and arrivals: one effect, the resend carrying the same
 * clientId, and no settle wait (the default settle time is 5 s).
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tagMeeting, type OrderFault } from '../../benchmarks/servers/order-faults.js';
import { startOrderServer, type OrderServer } from '../../benchmarks/servers/start.js';
import { createExecutor, profiles, verifyByLookup } from '../../src/index.js';

const SEED = 11;
const agent = new Agent({ keepAlive: true });
let server: OrderServer;

beforeAll(async () => {
  server = await startOrderServer(SEED);
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

/** An executor whose requests carry API key `key` (the ledger's arrivals name it). */
function executor(key: string) {
  return createExecutor({
    http: axios.create({ baseURL: server.url, httpAgent: agent, timeout: 2_000, headers: { 'X-Api-Key': key } }),
    profile: { ...profiles.generic, name: 'orders', operationIdField: 'clientId', dedupes: { status: 409 } },
    verify: verifyByLookup({ url: (ctx) => `/orders/${encodeURIComponent(ctx.operationId)}` }),
    baseDelayMs: 20,
    verifyDelayMs: 20,
    breaker: false,
  });
}

const order = (tag: string) => ({ symbol: 'BTC-USD', side: 'buy', qty: 0.01, price: 65_000, tag });

describe('dedupes against the independent order server', () => {
  const cases: [OrderFault, 'placed by the resend' | 'refused as a duplicate, then looked up'][] = [
    ['504-after', 'refused as a duplicate, then looked up'],
    ['reset-after', 'refused as a duplicate, then looked up'],
    ['504-before', 'placed by the resend'],
    ['reset-before', 'placed by the resend'],
  ];
  test.each(cases)('%s on the first send: %s; one effect, the same clientId, no settle wait', async (fault, how) => {
    const tag = tagMeeting(SEED, [fault, undefined]);
    const started = performance.now();
    const res = await executor(tag).request({ method: 'POST', url: '/orders', data: order(tag) });
    const tookMs = performance.now() - started;
    const ledger = await server.ledger();
    const mine = ledger.arrivals.filter((a) => a.key === tag);
    expect(ledger.applied[tag]).toBe(1);
    expect(res.data).toMatchObject({ tag, symbol: 'BTC-USD' });
    const sends = mine.filter((a) => a.route === 'place');
    expect(sends.map((a) => a.fault ?? null)).toEqual([fault, null]);
    expect(sends[1]!.status).toBe(how === 'placed by the resend' ? 201 : 409);
    expect(mine.filter((a) => a.route === 'lookup')).toHaveLength(how === 'placed by the resend' ? 0 : 1);
    expect(res.reconciled === undefined).toBe(how === 'placed by the resend');
    expect(tookMs).toBeLessThan(5_000); // the default settle time: no not-found had to settle
  });
});
