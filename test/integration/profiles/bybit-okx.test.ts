/**
 * The Bybit and OKX profiles against the simulator speaking their APIs (issue 13, "Done when"): an order on the
 * documented route carries the operation id in the API's client id field (Bybit `orderLinkId`: the UUIDv7; OKX
 * `clOrdId`: its 32 alphanumerics); a 504 after the order was placed is verified `applied` through the ready lookup;
 * a 504 before it: OKX's 51603 is `absent` only once the settle time has passed since the failure, then the order is
 * resent; Bybit's lookup never proves absence (order creation is asynchronous), so the caller gets an
 * `IndeterminateError` and nothing is resent. The 429 fault's Retry-After is waited out before the resend. The
 * server's ledger counts the effects each time.
 */
import http from 'node:http';
import axios from 'axios';
import { afterAll, describe, expect, test } from 'vitest';
import { createExecutor, IndeterminateError, lookups, profiles } from '../../../src/index.js';
import { startSimulator } from '../../../src/testing/index.js';
import { expectAbsentAfterSettle, orderSends, orderWithFault, type ProfileCase, sentBody } from './trace.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

/** The settle time given to the OKX lookup (the simulator applies at once; a real API needs its own window). */
const SETTLE_MS = 1_000;
/** First verify check after 100 ms, then 200, 400, 800 …: past SETTLE_MS by the fourth check. */
const VERIFY_DELAY_MS = 100;

interface Case extends ProfileCase {
  readonly idField: string;
  /** The client id the server must receive for the operation id `id`. */
  readonly sentId: (id: string) => string;
  readonly idPattern: RegExp;
  /** Verify checks before IndeterminateError. */
  readonly verifyChecks: number;
  /** What the caller gets back when the order is verified applied (the lookup's order). */
  readonly appliedData: (data: unknown, clientId: string) => void;
}

const CASES: Case[] = [
  {
    dialect: 'bybit',
    profile: profiles.bybit,
    route: '/v5/order/create', // order/create-order.mdx "Place Order"
    order: (i) => ({ category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.1', price: String(65_000 + i) }),
    idField: 'orderLinkId',
    sentId: (id) => id,
    idPattern: /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    verify: () => lookups.bybit(),
    // Never absent: 3 checks (100 + 200 + 400 ms) are enough to see it give up.
    verifyChecks: 3,
    appliedData: (data, clientId) => expect(data).toMatchObject({ orderLinkId: clientId, symbol: 'BTCUSDT', orderStatus: 'New' }),
  },
  {
    dialect: 'okx',
    profile: profiles.okx,
    route: '/api/v5/trade/order', // "Place order"
    order: (i) => ({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', sz: '0.1', px: String(65_000 + i) }),
    idField: 'clOrdId',
    sentId: (id) => profiles.okx.formatOperationId!(id),
    idPattern: /^[0-9A-Za-z]{32}$/,
    verify: () => lookups.okx({ settleMs: SETTLE_MS }),
    verifyChecks: 8,
    appliedData: (data, clientId) => expect(data).toMatchObject({ clOrdId: clientId, instId: 'BTC-USDT', state: 'live' }),
  },
];

let n = 0;

describe.each(CASES)('$dialect', (c) => {
  const run = (fault: '504-after' | '504-before') =>
    orderWithFault({ ...c, verify: c.verify(), verifyDelayMs: VERIFY_DELAY_MS, body: c.order(++n), fault, agent });

  test('the order goes to the documented route and carries the operation id in the client id field', async () => {
    const { sim, res, error, trace, close } = await run('504-after');
    try {
      expect(error).toBeUndefined();
      expect(c.route).toBe(sim.routes.placeOrder);
      const sends = orderSends(sim);
      expect(sends).toHaveLength(1);
      expect(sends[0]!.path).toBe(c.route);
      const operationId = res!.reconciled!.operationId;
      const clientId = sentBody(sim, sends[0]!)[c.idField];
      expect(clientId).toBe(c.sentId(operationId));
      expect(clientId).toMatch(c.idPattern);
      expect(sim.ledger.count(String(clientId))).toBe(1);
      expect(trace.map((t) => t.outcome)).toEqual(['applied']);
    } finally {
      await close();
    }
  });

  test('504 after the order was placed: verified applied through the lookup, the caller gets the order, one effect', async () => {
    const { sim, res, error, close } = await run('504-after');
    try {
      expect(error).toBeUndefined();
      expect(res!.reconciled).toEqual({ operationId: expect.any(String), checks: 1 });
      const sends = orderSends(sim);
      expect(sends.map((a) => a.status)).toEqual([504]);
      c.appliedData(res!.data, String(sentBody(sim, sends[0]!)[c.idField]));
      const lookupsSent = sim.arrivals.filter((a) => a.route === 'getOrder');
      expect(lookupsSent.map((a) => a.status)).toEqual([200]);
      expect(sim.ledger.effects).toHaveLength(1);
    } finally {
      await close();
    }
  });

  test('the 429 fault (Bybit: retCode 10006 on HTTP 200; OKX: 50011 on 429) with Retry-After: the resend waits it out; one effect', async () => {
    const sim = await startSimulator({ dialect: c.dialect });
    try {
      const executor = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: c.profile, rateLimit: false, verify: c.verify() });
      sim.inject({ route: 'placeOrder', fault: '429', retryAfterSec: 1 });
      const res = await executor.request({ method: 'POST', url: c.route, data: c.order(++n) });
      expect(res.status).toBe(200);
      const sends = orderSends(sim);
      expect(sends.map((a) => a.status)).toEqual([c.dialect === 'bybit' ? 200 : 429, 200]);
      expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1_000);
      expect(sim.ledger.insideRetryAfter()).toBe(0);
      expect(sim.ledger.effects).toHaveLength(1);
      expect(sentBody(sim, sends[1]!)[c.idField]).toBe(sentBody(sim, sends[0]!)[c.idField]);
    } finally {
      await sim.close();
    }
  });

  if (c.dialect === 'okx') {
    test('504 before the order was placed: 51603 is absent only after the settle time, then resent once; one effect', async () => {
      const { sim, res, error, trace, close } = await run('504-before');
      try {
        expect(error).toBeUndefined();
        expect(res!.status).toBe(200);
        expect(res!.reconciled).toBeUndefined();
        const sends = orderSends(sim);
        expect(sends.map((a) => a.status)).toEqual([504, 200]);
        expect(sim.ledger.effects).toHaveLength(1);
        const absent = expectAbsentAfterSettle(sends, trace, SETTLE_MS);
        // Every lookup before the absent one was answered 51603: the settle time, not the server, held it back.
        const lookupsSent = sim.arrivals.filter((a) => a.route === 'getOrder');
        expect(lookupsSent).toHaveLength(absent + 1);
        const [first, second] = sends.map((a) => sentBody(sim, a));
        expect(second!.clOrdId).toBe(first!.clOrdId);
        expect(sim.ledger.count(String(first!.clOrdId))).toBe(1);
      } finally {
        await close();
      }
    });
  } else {
    test('504 before the order was placed: the lookup never proves absence, so nothing is resent; IndeterminateError, no effect', async () => {
      const { sim, error, trace, close } = await run('504-before');
      try {
        expect(error).toBeInstanceOf(IndeterminateError);
        const sends = orderSends(sim);
        expect(sends.map((a) => a.status)).toEqual([504]);
        expect(trace.map((t) => t.outcome)).toEqual(['unknown', 'unknown', 'unknown']);
        // Each check asked the realtime list, then the history; both answered an empty list.
        const lookupsSent = sim.arrivals.filter((a) => a.route === 'getOrder');
        expect(lookupsSent.map((a) => a.path.split('?')[0])).toEqual(Array.from({ length: 3 }, () => ['/v5/order/realtime', '/v5/order/history']).flat());
        expect(lookupsSent.every((a) => a.status === 200)).toBe(true);
        expect(sim.ledger.effects).toHaveLength(0);
      } finally {
        await close();
      }
    });
  }
});
