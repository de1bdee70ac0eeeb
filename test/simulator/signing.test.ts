/**
 * Request signatures as the real APIs define them (opt-in per simulator): signed requests accepted, tampered and
 * stale ones refused with the documented code, and every refusal counted in `ledger.refusedSignatures`.
 */
import { describe, expect, it } from 'vitest';
import {
  alpSignature,
  binanceSignature,
  generateOrderlyKeyPair,
  orderlyHeaders,
  signedBinanceQuery,
  startSimulator,
  type Simulator,
} from '../../src/testing/index.js';
import { base58Decode, base58Encode } from '../../src/testing/signing/base58.js';
import { orderBody, send } from './helpers.js';

/** A server clock the test moves by hand: signatures age without waiting. */
function clock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), at: () => t };
}

async function withSim(sim: Simulator, body: (sim: Simulator) => Promise<void>): Promise<void> {
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

describe('signing primitives', () => {
  it('Binance HMAC reproduces the documented example (rest-api.md, "SIGNED Endpoint Examples")', () => {
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const payload = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
    expect(binanceSignature(secret, payload)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
    const qs = signedBinanceQuery(secret, { symbol: 'LTCBTC', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 1, price: 0.1 }, { recvWindow: 5000, timestamp: 1499827319559 });
    expect(qs).toBe(`${payload}&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71`);
  });

  it('base58 round-trips, leading zeros included; Orderly key pairs are ed25519:<base58 of 32 bytes>', () => {
    for (const bytes of [[0, 0, 1, 2, 255], [255], [], [0]]) {
      expect([...(base58Decode(base58Encode(Uint8Array.from(bytes))) ?? [])]).toEqual(bytes);
    }
    expect(base58Encode(Buffer.from('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(base58Decode('0OIl')).toBeUndefined();
    const pair = generateOrderlyKeyPair();
    expect(pair.key).toMatch(/^ed25519:[1-9A-HJ-NP-Za-km-z]+$/);
    expect(base58Decode(pair.key.slice(8))).toHaveLength(32);
    expect(base58Decode(pair.secret.slice(8))).toHaveLength(32);
  });
});

describe('Orderly: ed25519 over timestamp + METHOD + path?query + body', () => {
  it('accepts a signed request; refuses tampered, unknown-key and stale ones (300 s by default), counting each', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'orderly', signing: {}, now: c.now }), async (sim) => {
      const pair = { key: sim.signing!.key!, secret: sim.signing!.secret! };
      expect(sim.signing).toMatchObject({ scheme: 'orderly-ed25519', windowMs: 300_000 });
      const body = JSON.stringify(orderBody('orderly', 'o1'));
      const signed = (b: string, ts = c.at()) => ({ headers: orderlyHeaders(pair, 'acct-1', { method: 'POST', path: sim.routes.placeOrder, body: b, timestamp: ts }) });

      const ok = await send(sim, 'POST', sim.routes.placeOrder, body, signed(body));
      // The signature covers the exact bytes: the same order re-serialized with a space is refused.
      const tampered = await send(sim, 'POST', sim.routes.placeOrder, body.replace(':', ': '), signed(body));
      const stranger = generateOrderlyKeyPair();
      const unknown = await send(sim, 'POST', sim.routes.placeOrder, body, {
        headers: orderlyHeaders(stranger, 'acct-1', { method: 'POST', path: sim.routes.placeOrder, body, timestamp: c.at() }),
      });
      const old = signed(body, c.at() - 300_001);
      const stale = await send(sim, 'POST', sim.routes.placeOrder, body, old);
      const ahead = await send(sim, 'POST', sim.routes.placeOrder, body, signed(body, c.at() + 300_001));
      const edge = await send(sim, 'GET', sim.routes.getOrder('o1'), undefined, {
        headers: orderlyHeaders(pair, 'acct-1', { method: 'GET', path: sim.routes.getOrder('o1'), timestamp: c.at() - 300_000 }),
      });
      const missing = await send(sim, 'GET', sim.routes.listOrders);
      const publicRead = await send(sim, 'GET', sim.routes.ticker);

      expect(ok.status).toBe(200);
      expect([tampered.status, tampered.json]).toEqual([401, { success: false, code: -1001, message: expect.stringContaining('does not match') }]);
      expect([unknown.status, unknown.json]).toEqual([401, { success: false, code: -1001, message: expect.stringContaining('not registered') }]);
      expect([stale.status, stale.json]).toEqual([401, { success: false, code: -1002, message: expect.stringContaining('300 s') }]);
      expect(ahead.status).toBe(401); // "300+ seconds difference" either way
      expect(edge.status).toBe(200); // exactly 300 s old is still inside
      expect([missing.status, (missing.json as { code: number }).code]).toEqual([401, -1002]);
      expect(publicRead.status).toBe(200); // /v1/public/* is not signed
      expect(sim.arrivals.map((a) => a.signature)).toEqual(['ok', 'invalid', 'invalid', 'expired', 'expired', 'ok', 'missing', undefined]);
      expect(sim.ledger.refusedSignatures).toBe(5);
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['o1']);
    });
  });

  it('a configured window: a server that refuses requests older than 5 s; the query string is signed too', async () => {
    const c = clock();
    const pair = generateOrderlyKeyPair();
    await withSim(await startSimulator({ dialect: 'orderly', signing: { publicKeys: [pair.key], windowMs: 5_000 }, now: c.now }), async (sim) => {
      expect(sim.signing).toEqual({ scheme: 'orderly-ed25519', key: pair.key, secret: undefined, windowMs: 5_000 });
      const path = `${sim.routes.listOrders}?symbol=PERP_BTC_USDC&page=1`;
      const headers = orderlyHeaders(pair, 'acct-1', { method: 'GET', path, timestamp: c.at() });
      expect((await send(sim, 'GET', path, undefined, { headers })).status).toBe(200);
      expect((await send(sim, 'GET', `${sim.routes.listOrders}?symbol=PERP_ETH_USDC&page=1`, undefined, { headers })).status).toBe(401);
      c.advance(5_001); // the same signature, 5.001 s later
      const late = await send(sim, 'GET', path, undefined, { headers });
      expect((late.json as { code: number }).code).toBe(-1002);
      expect(sim.arrivals.map((a) => a.signature)).toEqual(['ok', 'invalid', 'expired']);
      expect(sim.ledger.refusedSignatures).toBe(2);
    });
  });
});

describe('Binance: HMAC over query string + body, timestamp and recvWindow', () => {
  const apiKey = { 'X-MBX-APIKEY': 'key-1' };

  it('accepts a signed order (signature in the query or in the body); refuses tampered (-1022) and stale (-1021) ones', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'binance', signing: { secret: 's3cret' }, now: c.now }), async (sim) => {
      expect(sim.signing).toEqual({ scheme: 'binance-hmac', key: 'sim-api-key', secret: 's3cret', windowMs: 5_000 });
      const order = (id: string) => orderBody('binance', id) as Record<string, string>;
      const inQuery = signedBinanceQuery('s3cret', order('b1'), { timestamp: c.at() });
      const inBody = signedBinanceQuery('s3cret', order('b2'), { timestamp: c.at() });
      const a = await send(sim, 'POST', `${sim.routes.placeOrder}?${inQuery}`, undefined, { headers: apiKey });
      const b = await send(sim, 'POST', sim.routes.placeOrder, inBody, { headers: apiKey });
      // Split between query and body: signed as query + body, concatenated without a separator.
      const params = new URLSearchParams({ ...order('b3'), timestamp: String(c.at()) }).toString();
      const [q, bd] = [params.slice(0, params.indexOf('&type=')), params.slice(params.indexOf('&type=') + 1)];
      const split = await send(sim, 'POST', `${sim.routes.placeOrder}?${q}`, `${bd}&signature=${binanceSignature('s3cret', q + bd)}`, { headers: apiKey });
      const tampered = await send(sim, 'POST', `${sim.routes.placeOrder}?${inQuery.replace('quantity=0.1', 'quantity=9')}`, undefined, { headers: apiKey });
      // A signed lookup; HMAC signatures are not case-sensitive.
      const lookup = signedBinanceQuery('s3cret', { symbol: 'BTCUSDT', origClientOrderId: 'b1' }, { timestamp: c.at() });
      const upper = await send(sim, 'GET', `/api/v3/order?${lookup.replace(/signature=(\w+)/, (_m, sig: string) => `signature=${sig.toUpperCase()}`)}`, undefined, { headers: apiKey });
      const staleQuery = signedBinanceQuery('s3cret', order('b4'), { timestamp: c.at() - 5_001 });
      const stale = await send(sim, 'POST', `${sim.routes.placeOrder}?${staleQuery}`, undefined, { headers: apiKey });
      const ahead = await send(sim, 'POST', `${sim.routes.placeOrder}?${signedBinanceQuery('s3cret', order('b5'), { timestamp: c.at() + 1_000 })}`, undefined, { headers: apiKey });
      const noKey = await send(sim, 'POST', `${sim.routes.placeOrder}?${signedBinanceQuery('s3cret', order('b6'), { timestamp: c.at() })}`);
      const unsigned = await send(sim, 'POST', sim.routes.placeOrder, order('b7'), { headers: apiKey });
      const ticker = await send(sim, 'GET', sim.routes.ticker);

      expect([a.status, b.status, split.status, upper.status]).toEqual([200, 200, 200, 200]);
      expect([tampered.status, tampered.json]).toEqual([400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
      expect([stale.status, stale.json]).toEqual([400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }]);
      expect([ahead.status, ahead.json]).toEqual([400, { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." }]);
      expect([noKey.status, noKey.json]).toEqual([401, { code: -2014, msg: 'API-key format invalid.' }]);
      expect([unsigned.status, unsigned.json]).toEqual([400, { code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." }]);
      expect(ticker.status).toBe(200); // a NONE-security endpoint
      expect(sim.ledger.refusedSignatures).toBe(5);
      expect(sim.ledger.effects.map((e) => e.intent)).toEqual(['b1', 'b2', 'b3']);
      // The applied order holds what the client asked for, not the signing parameters.
      expect(sim.ledger.effects[0]!.body).toEqual(order('b1'));
    });
  });

  it('recvWindow: 5 s when not sent (or as configured); the request may widen it up to 60 s, not beyond', async () => {
    const c = clock();
    await withSim(await startSimulator({ dialect: 'binance', signing: { secret: 'k', windowMs: 2_000 }, now: c.now }), async (sim) => {
      const post = (id: string, opts: { timestamp: number; recvWindow?: number }) =>
        send(sim, 'POST', `${sim.routes.placeOrder}?${signedBinanceQuery('k', orderBody('binance', id) as Record<string, string>, opts)}`, undefined, { headers: apiKey });
      const codes = [
        await post('w1', { timestamp: c.at() - 2_000 }),
        await post('w2', { timestamp: c.at() - 2_001 }),
        await post('w3', { timestamp: c.at() - 59_000, recvWindow: 60_000 }),
        await post('w4', { timestamp: c.at(), recvWindow: 60_001 }),
        await post('w5', { timestamp: (c.at() - 1_500) * 1000 }), // microseconds are accepted too
      ].map((r) => [r.status, (r.json as { code?: number }).code]);
      expect(codes).toEqual([
        [200, undefined],
        [400, -1021],
        [200, undefined],
        [400, -1102],
        [200, undefined],
      ]);
      expect(sim.arrivals[3]!.rawBody).toBe('');
      expect(sim.ledger.refusedSignatures).toBe(2);
    });
  });
});

describe('ALP: X-SIGN through signing', () => {
  it('signing: {} generates a secret; refusals are counted; windowMs does not apply to ALP', async () => {
    await withSim(await startSimulator({ dialect: 'alp', signing: {} }), async (sim) => {
      const secret = sim.signing!.secret!;
      expect(sim.signing).toEqual({ scheme: 'alp-hmac', key: undefined, secret: expect.stringMatching(/^[0-9a-f]{48}$/), windowMs: undefined });
      const body = JSON.stringify(orderBody('alp', 'a1'));
      expect((await send(sim, 'POST', sim.routes.placeOrder, body, { headers: { 'X-SIGN': alpSignature(secret, body) } })).status).toBe(200);
      expect((await send(sim, 'POST', sim.routes.placeOrder, body, { headers: { 'X-SIGN': alpSignature('wrong', body) } })).status).toBe(403);
      expect((await send(sim, 'POST', sim.routes.placeOrder, body)).status).toBe(403);
      expect((await send(sim, 'GET', sim.routes.listOrders)).status).toBe(200);
      expect(sim.arrivals.map((a) => a.signature)).toEqual(['ok', 'invalid', 'missing', undefined]);
      expect(sim.ledger.refusedSignatures).toBe(2);
    });
    await expect(startSimulator({ dialect: 'alp', signing: { windowMs: 5_000 } })).rejects.toThrow(/windowMs does not apply to alp/);
  });

  it('is refused where the API signs nothing, and bad keys or windows name the option', async () => {
    await expect(startSimulator({ dialect: 'infinex', signing: {} })).rejects.toThrow(TypeError);
    await expect(startSimulator({ dialect: 'batchdata', signing: {} })).rejects.toThrow(/static bearer key/);
    await expect(startSimulator({ dialect: 'orderly', signing: { publicKeys: ['ed25519:nope0'] } })).rejects.toThrow(/signing\.publicKeys/);
    await expect(startSimulator({ dialect: 'orderly', signing: { secret: 'x' } })).rejects.toThrow(/signing\.secret/);
    await expect(startSimulator({ dialect: 'binance', signing: { windowMs: -1 } })).rejects.toThrow(/signing\.windowMs/);
    await expect(startSimulator({ dialect: 'binance', signing: { secret: '' } })).rejects.toThrow(/signing\.secret/);
    await expect(startSimulator({ dialect: 'alp', apiSecret: 'a', signing: { secret: 'b' } })).rejects.toThrow(/not both/);
    await expect(startSimulator({ dialect: 'binance', signing: { publicKeys: ['k'] } })).rejects.toThrow(/orderly dialect only/);
  });
});
