import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/testing/index.js';
import { canonicalJson } from '../../src/testing/intent.js';
import { SimLedger } from '../../src/testing/ledger.js';
import { errorCode, orderBody, send } from './helpers.js';

describe('ledger', () => {
  it('ALP: a resend of the same client_order_id is applied twice and reported as a duplicate', async () => {
    const sim = await startSimulator({ dialect: 'alp' });
    try {
      const first = await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', 'dup-1'));
      const second = await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', 'dup-1'));
      const other = await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', 'one-1'));
      expect([first.status, second.status, other.status]).toEqual([200, 200, 200]);
      // ALP answers a placement with the array of created order ids ("Place Order": `[34]`).
      expect([first.json, second.json, other.json]).toEqual([[1], [2], [3]]);
      expect(sim.arrivals).toHaveLength(3);
      expect(sim.ledger.count('dup-1')).toBe(2);
      expect(sim.ledger.count('one-1')).toBe(1);
      expect(sim.ledger.duplicates()).toEqual(['dup-1']);
      expect(sim.ledger.effects.map((e) => [e.intent, e.route, e.seq])).toEqual([
        ['dup-1', 'placeOrder', 1],
        ['dup-1', 'placeOrder', 2],
        ['one-1', 'placeOrder', 3],
      ]);
      const lookup = await send(sim, 'GET', sim.routes.getOrder('one-1')); // the simulator-only oracle
      expect(lookup.status).toBe(200);
      expect(lookup.json).toMatchObject({ id: 3, pair: 'BTC_USDT', side: 'BID', status: 'OPEN', type: 'LIMIT', amount: 0.1, price: 65000, client_order_id: 'one-1' });
      const missing = await send(sim, 'GET', sim.routes.getOrder('never'));
      expect(missing.status).toBe(404);
      expect(errorCode('alp', missing.json)).toBe('NOT_FOUND');
      const list = await send(sim, 'GET', sim.routes.listOrders);
      // Newest first; ALP's order objects carry no client_order_id.
      expect((list.json as Array<Record<string, unknown>>).map((o) => o['id'])).toEqual([3, 2, 1]);
      expect(list.json).toEqual(expect.not.arrayContaining([expect.objectContaining({ client_order_id: expect.anything() })]));
      expect(sim.arrivals).toHaveLength(6);
    } finally {
      await sim.close();
    }
  });

  it('Orderly: 504-after then a blind resend answers 409 -1007 and the ledger keeps one effect', async () => {
    const sim = await startSimulator({ dialect: 'orderly' });
    try {
      sim.inject({ route: 'placeOrder', fault: '504-after' });
      const timeout = await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 'o-1'));
      const resend = await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 'o-1'));
      expect(timeout.status).toBe(504);
      expect(resend.status).toBe(409);
      expect(errorCode('orderly', resend.json)).toBe(-1007);
      const verify = await send(sim, 'GET', sim.routes.getOrder('o-1'));
      expect(verify.status).toBe(200);
      expect(verify.json).toMatchObject({ success: true, data: { client_order_id: 'o-1', status: 'NEW' }, timestamp: expect.any(Number) });
      const missing = await send(sim, 'GET', sim.routes.getOrder('o-2'));
      expect(missing.status).toBe(400);
      expect(missing.json).toMatchObject({ success: false, code: -1006 });
      const list = await send(sim, 'GET', sim.routes.listOrders);
      expect(list.json).toMatchObject({ success: true, data: { rows: [{ client_order_id: 'o-1' }], meta: { total: 1 } } });
      expect(sim.arrivals).toHaveLength(5);
      expect(sim.ledger.count('o-1')).toBe(1);
      expect(sim.ledger.duplicates()).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('Infinex: without a client order id the intent is the canonical JSON; history filters by intent, pair, side, from', async () => {
    const sim = await startSimulator({ dialect: 'infinex' });
    try {
      const body = { side: 'BUY', pair: 'BTC_USDT', amount: '0.1', price: '65000' };
      const reordered = { price: '65000', amount: '0.1', pair: 'BTC_USDT', side: 'BUY' };
      await send(sim, 'POST', sim.routes.placeOrder, body);
      await send(sim, 'POST', sim.routes.placeOrder, reordered);
      await send(sim, 'POST', sim.routes.placeOrder, { ...body, pair: 'ETH_USDT', side: 'SELL' });
      const intent = canonicalJson({ method: 'POST', route: 'placeOrder', body });
      expect(sim.arrivals[0]!.intent).toBe(intent);
      expect(sim.arrivals[1]!.intent).toBe(intent); // key order does not matter
      expect(sim.ledger.count(intent)).toBe(2);
      expect(sim.ledger.duplicates()).toEqual([intent]);

      const byIntent = await send(sim, 'GET', sim.routes.getOrder(intent));
      expect(byIntent.status).toBe(200);
      expect((byIntent.json as { success: boolean; data: unknown[] }).data).toHaveLength(2);
      const byPair = await send(sim, 'GET', `${sim.routes.listOrders}?pair=ETH_USDT&side=sell`);
      expect((byPair.json as { data: unknown[] }).data).toEqual([expect.objectContaining({ pair: 'ETH_USDT', side: 'SELL' })]);
      const fromFirst = await send(sim, 'GET', `${sim.routes.listOrders}?from=${sim.arrivals[0]!.at}`);
      expect((fromFirst.json as { data: unknown[] }).data).toHaveLength(3);
      const fromLater = await send(sim, 'GET', `${sim.routes.listOrders}?from=${Date.now() + 60_000}`);
      expect((fromLater.json as { data: unknown[] }).data).toHaveLength(0);
      expect(sim.arrivals).toHaveLength(7);
    } finally {
      await sim.close();
    }
  });

  it('intentKey names the intent field; BatchData looks requests up by intent', async () => {
    const sim = await startSimulator({ dialect: 'batchdata', intentKey: 'ref' });
    try {
      const placed = await send(sim, 'POST', sim.routes.placeOrder, orderBody('batchdata', 'b-1'));
      expect(placed.json).toMatchObject({ status: { code: 200, text: 'OK' }, results: { ref: 'b-1', status: 'completed' } });
      expect(sim.arrivals[0]!.intent).toBe('b-1');
      expect((await send(sim, 'GET', sim.routes.getOrder('b-1'))).status).toBe(200);
      const missing = await send(sim, 'GET', sim.routes.getOrder('b-2'));
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ status: { code: 404, text: 'Not Found' } });
      expect(sim.ledger.count('b-1')).toBe(1);
      expect(sim.arrivals).toHaveLength(3);
    } finally {
      await sim.close();
    }
  });

  it('bad requests are answered in the dialect and never applied', async () => {
    const sim = await startSimulator({ dialect: 'alp' });
    try {
      const invalid = await send(sim, 'POST', sim.routes.placeOrder, { order_side: 'up', order_type: 'LIMIT', client_order_id: 'v' });
      expect(invalid.status).toBe(422);
      expect(invalid.json).toEqual({
        code: 'VALIDATION_ERROR',
        message: 'Input data validation failed',
        fields: {
          pair: 'pair is required',
          wallet_type: 'wallet_type is required',
          order_side: 'invalid order_side: up',
          base_amount: 'base_amount is required',
          limit_price: 'limit_price is required',
        },
      });
      const malformed = await send(sim, 'POST', sim.routes.placeOrder, '{"pair":');
      expect(malformed.status).toBe(400);
      expect(errorCode('alp', malformed.json)).toBe('MALFORMED_JSON');
      const unknown = await send(sim, 'GET', '/api/v3/nope');
      expect(unknown.status).toBe(404);
      const wrongMethod = await send(sim, 'DELETE', sim.routes.ticker);
      expect(wrongMethod.status).toBe(405);
      expect(sim.arrivals.map((a) => a.route)).toEqual(['placeOrder', 'placeOrder', 'unknown', 'unknown']);
      expect(sim.arrivals.map((a) => a.status)).toEqual([422, 400, 404, 405]);
      expect(sim.ledger.effects).toHaveLength(0);
    } finally {
      await sim.close();
    }
  });

  it('audit: lost = applied but failed, succeeded but never applied, applied but missing; indeterminate is not lost', async () => {
    const sim = await startSimulator({ dialect: 'alp' });
    try {
      for (const id of ['ok', 'dup', 'dup', 'failed-but-applied', 'dropped', 'unsure']) {
        await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', id));
      }
      sim.inject({ route: 'placeOrder', fault: '500' });
      await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', 'claimed'));
      expect(sim.arrivals).toHaveLength(7);
      const report = sim.ledger.audit(
        new Map([
          ['ok', 'succeeded'],
          ['dup', 'succeeded'],
          ['failed-but-applied', 'failed'],
          ['claimed', 'succeeded'],
          ['unsure', 'indeterminate'],
          ['never-sent', 'failed'],
        ] as const),
      );
      expect(report).toEqual({
        intents: 7,
        applied: 5,
        duplicates: 1,
        lost: 3,
        lostIntents: ['failed-but-applied', 'dropped', 'claimed'],
        indeterminate: 1,
      });
    } finally {
      await sim.close();
    }
  });

  it('SimLedger counts per intent and reads insideRetryAfter from the arrivals', () => {
    const arrivals = [
      { insideRetryAfter: true },
      { insideRetryAfter: false },
      { insideRetryAfter: true },
    ] as unknown as ConstructorParameters<typeof SimLedger>[0];
    const ledger = new SimLedger(arrivals);
    ledger.record({ intent: 'a', route: 'withdraw', at: 1, body: {}, seq: 1 });
    ledger.record({ intent: 'a', route: 'withdraw', at: 2, body: {}, seq: 2 });
    expect(ledger.count('a')).toBe(2);
    expect(ledger.count('b')).toBe(0);
    expect(ledger.duplicates()).toEqual(['a']);
    expect(ledger.insideRetryAfter()).toBe(2);
    expect(ledger.audit(new Map())).toMatchObject({ intents: 1, applied: 1, duplicates: 1, lost: 1, lostIntents: ['a'] });
  });
});
