/**
 * The README's `prepare` examples, run as written through the executor against a signing simulator: every send
 * (the retry included) is signed afresh and accepted; the server counts no refused signature.
 */
import http from 'node:http';
import axios, { type AxiosRequestConfig } from 'axios';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor, profiles } from '../../src/index.js';
import { alpSignature, orderlyHeaders, signedBinanceQuery, startSimulator } from '../../src/testing/index.js';
import { orderBody } from './helpers.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, rateLimit: false } as const;

describe('prepare signs every send the way the simulator checks', () => {
  it('Orderly: ed25519 headers over path and exact body; an overload answer is retried with a fresh signature', async () => {
    const sim = await startSimulator({ dialect: 'orderly', signing: { windowMs: 5_000 } });
    try {
      const { key, secret } = sim.signing as { key: string; secret: string };
      const accountId = 'acct-1';
      const executor = createExecutor({
        http: axios.create({ baseURL: sim.url, httpAgent: agent }),
        profile: profiles.orderly,
        ...fast,
        prepare: (config: AxiosRequestConfig) => {
          const body = config.data === undefined ? '' : typeof config.data === 'string' ? config.data : JSON.stringify(config.data);
          const headers = orderlyHeaders({ key, secret }, accountId, { method: config.method!, path: config.url!, body });
          return { ...config, data: body || undefined, headers: { ...config.headers, ...headers } } as AxiosRequestConfig;
        },
      });
      sim.inject({ route: 'placeOrder', fault: 'overload' });
      const res = await executor.request({ method: 'POST', url: sim.routes.placeOrder, data: orderBody('orderly', 'p-1'), headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(sim.arrivals.map((a) => [a.signature, a.status])).toEqual([
        ['ok', 400],
        ['ok', 200],
      ]);
      expect(sim.arrivals[0]!.headers['orderly-signature']).not.toBe(sim.arrivals[1]!.headers['orderly-signature']);
      expect(sim.ledger.refusedSignatures).toBe(0);
      expect(sim.ledger.count('p-1')).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('Binance: parameters, timestamp and signature as the query string; a 503 is retried, signed again', async () => {
    const sim = await startSimulator({ dialect: 'binance', signing: {} });
    try {
      const { key: apiKey, secret } = sim.signing as { key: string; secret: string };
      const executor = createExecutor({
        http: axios.create({ baseURL: sim.url, httpAgent: agent }),
        profile: profiles.generic,
        ...fast,
        prepare: (config: AxiosRequestConfig) =>
          ({
            ...config,
            url: `${config.url}?${signedBinanceQuery(secret, config.params ?? {}, { recvWindow: 5_000 })}`,
            params: undefined,
            headers: { ...config.headers, 'X-MBX-APIKEY': apiKey },
          }) as AxiosRequestConfig,
      });
      sim.inject({ route: 'placeOrder', fault: '503' });
      const res = await executor.request({ method: 'POST', url: sim.routes.placeOrder, params: orderBody('binance', 'b-1') });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ clientOrderId: 'b-1', status: 'NEW' });
      expect(sim.arrivals.map((a) => [a.signature, a.status])).toEqual([
        ['ok', 503],
        ['ok', 200],
      ]);
      expect(sim.ledger.refusedSignatures).toBe(0);
      expect(sim.ledger.count('b-1')).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('ALP: X-SIGN over the serialized body, as the README signing section shows', async () => {
    const sim = await startSimulator({ dialect: 'alp', signing: {} });
    try {
      const secret = sim.signing!.secret!;
      const executor = createExecutor({
        http: axios.create({ baseURL: sim.url, httpAgent: agent }),
        profile: profiles.alp,
        ...fast,
        prepare: (config: AxiosRequestConfig) => {
          const body = typeof config.data === 'string' ? config.data : JSON.stringify(config.data ?? {});
          return { ...config, data: body, headers: { ...config.headers, 'Content-Type': 'application/json', 'X-SIGN': alpSignature(secret, body) } } as AxiosRequestConfig;
        },
      });
      sim.inject({ route: 'placeOrder', fault: 'overload' });
      const { client_order_id: _omit, ...order } = orderBody('alp', 'unused');
      const res = await executor.request({ method: 'POST', url: sim.routes.placeOrder, data: order });
      expect(res.data).toEqual([1]);
      // The ALP profile stamps its operation id into client_order_id on the documented route, and it is signed.
      const sent = sim.arrivals.map((a) => JSON.parse(a.rawBody) as { client_order_id?: string });
      expect(sent[0]!.client_order_id).toEqual(expect.any(String));
      expect(sent[1]!.client_order_id).toBe(sent[0]!.client_order_id);
      expect(sim.arrivals.map((a) => [a.signature, a.status])).toEqual([
        ['ok', 400],
        ['ok', 200],
      ]);
      expect(sim.ledger.count(sent[0]!.client_order_id!)).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
