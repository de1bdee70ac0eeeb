/**
 * Each seed profile against the simulator speaking its API (issue 13, "Done when"): an order on the documented
 * route carries the operation id where the API has a client id field; a 504 after the order was placed is verified
 * `applied` through the ready lookup; a 504 before it is verified `absent` only once the settle time has passed
 * since the failure, then resent; the server's ledger counts one effect each time.
 */
import http from 'node:http';
import { afterAll, describe, expect, test } from 'vitest';
import { lookups, profiles, verifyByLookup } from '../../../src/index.js';
import { expectAbsentAfterSettle, orderSends, orderWithFault, type ProfileCase, sentBody } from './trace.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

/** The settle time these tests give the lookups (the simulator applies at once; a real API needs its own window). */
const SETTLE_MS = 300;
const VERIFY_DELAY_MS = 50;

interface Case extends ProfileCase {
  /** The client id field the profile fills with the operation id; undefined where the API has none. */
  readonly idField?: string;
  /** What the caller gets back when the order is verified applied. */
  readonly appliedData: (data: unknown) => void;
}

const CASES: Case[] = [
  {
    dialect: 'orderly',
    profile: profiles.orderly,
    route: '/v1/order', // "Create order" POST /v1/order
    order: (i) => ({ symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 65_000 + i, order_quantity: 0.1 }),
    idField: 'client_order_id',
    verify: () => lookups.orderly({ settleMs: SETTLE_MS }),
    appliedData: (data) => expect(data).toMatchObject({ success: true, data: { status: 'NEW' } }),
  },
  {
    dialect: 'alp',
    profile: profiles.alp,
    route: '/api/v3/trading/order', // "Place Order" POST /api/v3/trading/order
    order: (i) => ({ pair: 'BTC_USDT', order_side: 'BUY', order_type: 'LIMIT', wallet_type: 'SPOT', base_amount: '0.1', limit_price: String(65_000 + i) }),
    idField: 'client_order_id',
    verify: () => lookups.alp({ settleMs: SETTLE_MS }), // GET /api/v3/accounts/order, matched by the fields sent
    appliedData: (data) => expect(data).toEqual([expect.any(Number)]), // the shape "Place Order" answers: [id]
  },
  {
    dialect: 'infinex',
    profile: profiles.infinex,
    // The history's page size is undocumented: the simulator caps it at 100, and the lookup is told so.
    sim: { lists: { cap: 100 } },
    route: '/api/v2/orders',
    order: (i) => ({ pair: 'BTC_USDT', side: 'BUY', type: 'LIMIT', amount: '0.1', price: String(65_000 + i) }),
    verify: () => lookups.infinex({ limit: 100, settleMs: SETTLE_MS }),
    appliedData: (data) => expect(data).toMatchObject({ pair: 'BTC_USDT', status: 'ACTIVE' }),
  },
  {
    dialect: 'batchdata',
    profile: profiles.batchdata,
    sim: { intentKey: 'ref' },
    route: '/api/v1/property/skip-trace',
    order: (i) => ({ requests: [{ propertyAddress: { street: `${i} Main St`, city: 'Phoenix', state: 'AZ', zip: '85001' } }], ref: `bd-${i}-${Date.now()}` }),
    // BatchData documents no lookup of a past request: the simulator's own oracle path stands in for one.
    verify: () =>
      verifyByLookup({
        url: (ctx) => `/api/v1/property/skip-trace/${encodeURIComponent(String((ctx.request.data as { ref: string }).ref))}`,
        absent: (r) => r.status === 404,
        settleMs: SETTLE_MS,
      }),
    appliedData: (data) => expect(data).toMatchObject({ status: { code: 200 }, results: { status: 'completed' } }),
  },
];

let n = 0;

describe.each(CASES)('$dialect', (c) => {
  /** The order with `fault` on its first send; the caller must get a response. */
  async function run(fault: '504-after' | '504-before') {
    const r = await orderWithFault({ ...c, verify: c.verify(), verifyDelayMs: VERIFY_DELAY_MS, verifyChecks: 8, body: c.order(++n), fault, agent });
    if (r.res === undefined) {
      await r.close();
      throw r.error;
    }
    return { ...r, res: r.res };
  }

  test('the order goes to the documented route and carries the operation id where the API has a client id field', async () => {
    const { sim, res, trace, body, close } = await run('504-after');
    try {
      expect(c.route).toBe(sim.routes.placeOrder);
      const sends = orderSends(sim);
      expect(sends).toHaveLength(1);
      expect(sends[0]!.path).toBe(c.route);
      const received = sentBody(sim, sends[0]!);
      if (c.idField) {
        expect(received[c.idField]).toBe(res.reconciled?.operationId);
        expect(res.reconciled?.operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
        expect(sim.ledger.count(res.reconciled!.operationId)).toBe(1);
      } else {
        expect(received).toEqual(body); // no documented client id field: nothing is invented
      }
      expect(trace.map((t) => t.outcome)).toEqual(['applied']);
    } finally {
      await close();
    }
  });

  test('504 after the order was placed: verified applied through the lookup, the caller gets the order, one effect', async () => {
    const { sim, res, close } = await run('504-after');
    try {
      expect(res.reconciled).toEqual({ operationId: expect.any(String), checks: 1 });
      c.appliedData(res.data);
      expect(sim.ledger.effects).toHaveLength(1);
      expect(orderSends(sim).map((a) => a.status)).toEqual([504]);
    } finally {
      await close();
    }
  });

  test('504 before the order was placed: absent only after the settle time, then resent once; one effect', async () => {
    const { sim, res, trace, close } = await run('504-before');
    try {
      expect(res.status).toBe(200);
      expect(res.reconciled).toBeUndefined();
      const sends = orderSends(sim);
      expect(sends.map((a) => a.status)).toEqual([504, 200]);
      expect(sim.ledger.effects).toHaveLength(1);
      // Every check before the settle time said unknown; the one that said absent came after it.
      expectAbsentAfterSettle(sends, trace, SETTLE_MS);
      if (c.idField) expect(sentBody(sim, sends[1]!)[c.idField]).toBe(sentBody(sim, sends[0]!)[c.idField]);
    } finally {
      await close();
    }
  });
});
