/**
 * The Binance profile against the simulator speaking Binance, signed as the real API wants it (HMAC query string
 * with `timestamp` and `recvWindow`, re-signed by `prepare` before every send and by the lookup's `sign` before
 * every lookup): an order carries `newClientOrderId` = the operation id; −1007 "execution status unknown" after the
 * order was placed is verified applied through `lookups.binance()`; −1007 and 504 before it are verified absent only
 * after the settle time (recvWindow + 1 s), then resent; one effect each time. A 418 IP ban pauses every request on
 * the key until the ban's Retry-After has passed.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import axios, { type AxiosRequestConfig } from 'axios';
import { afterAll, describe, expect, test } from 'vitest';
import { createExecutor, DeadlineExceededError, lookups, profiles, type Executor, type ExecutorOptions, type ThrottleEvent } from '../../../src/index.js';
import { signedBinanceQuery, startSimulator, type Simulator } from '../../../src/testing/index.js';
import { checks, orderSends, sentBody } from './trace.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

/** The recvWindow these orders are signed with; the lookup's settle time follows from it (+ 1 s). */
const RECV_WINDOW_MS = 1_000;

type Params = Record<string, string | number | boolean>;

/** Binance signing for `prepare` and for the lookup: the parameters (and a plain-object body) as a signed query. */
function signer(sim: Simulator) {
  const { key, secret } = sim.signing as { key: string; secret: string };
  return (config: AxiosRequestConfig): AxiosRequestConfig => {
    const body = config.data !== null && typeof config.data === 'object' ? (config.data as Params) : {};
    const query = signedBinanceQuery(secret, { ...(config.params as Params | undefined), ...body }, { recvWindow: RECV_WINDOW_MS });
    return { ...config, url: `${config.url}?${query}`, params: undefined, data: undefined, headers: { ...config.headers, 'X-MBX-APIKEY': key } };
  };
}

/**
 * A Binance simulator on which another process from `ip` ignored a 429 and got the IP banned for `banMs` (418),
 * and an executor sending from the same IP (its arrivals marked `X-Client: resolute`).
 */
async function bannedIp(ip: string, banMs: number, opts: ExecutorOptions = {}): Promise<{ sim: Simulator; executor: Executor }> {
  const sim = await startSimulator({ dialect: 'binance', binance: { weightLimit: 20, weightWindowMs: 1_000, banMs, banAfter: 1 } });
  const rogue = axios.create({ baseURL: sim.url, httpAgent: agent, headers: { 'X-Forwarded-For': ip }, validateStatus: () => true });
  let seen = 0;
  for (let i = 0; i < 30 && seen !== 418; i++) seen = (await rogue.get('/api/v3/ticker/price?symbol=BTCUSDT')).status;
  expect(seen).toBe(418);
  const executor = createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: agent, headers: { 'X-Forwarded-For': ip, 'X-Client': 'resolute' } }),
    profile: profiles.binance,
    rateLimit: false,
    ...opts,
  });
  return { sim, executor };
}

/** The executor's arrivals (the first must be the 418) and the ban window the server announced to `ip` then. */
function banSeen(sim: Simulator, ip: string): { after: Simulator['arrivals']; until: number } {
  const mine = sim.arrivals.filter((a) => a.headers['x-client'] === 'resolute');
  expect(mine[0]!.status).toBe(418);
  const window = sim.ledger.retryAfterWindows().find((w) => w.from >= mine[0]!.at && w.apiKey === ip)!;
  expect(window.until - window.from).toBeGreaterThanOrEqual(1_000);
  return { after: mine.slice(1), until: window.until };
}

const order = (price: number) => ({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: String(price) });

async function placeWith(fault: 'timeout-after' | 'timeout-before' | '504-after' | '504-before', price: number) {
  const sim = await startSimulator({ dialect: 'binance', signing: {} });
  const sign = signer(sim);
  const trace = checks();
  const executor = createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: agent }),
    profile: profiles.binance,
    rateLimit: false,
    prepare: sign,
    verify: lookups.binance({ recvWindowMs: RECV_WINDOW_MS, sign }),
    verifyDelayMs: 100,
    onVerify: trace.onVerify,
  });
  sim.inject({ route: 'placeOrder', fault });
  const res = await executor.request({ method: 'POST', url: '/api/v3/order', data: order(price) }).catch(async (e: unknown) => {
    await sim.close();
    throw e;
  });
  return { sim, res, trace: trace.list };
}

describe('binance profile on the Binance simulator', () => {
  test('−1007 after the order was placed: verified applied by origClientOrderId; newClientOrderId is the operation id; one effect', async () => {
    const { sim, res, trace } = await placeWith('timeout-after', 65_001);
    try {
      const sends = orderSends(sim);
      expect(sends.map((a) => [a.path.split('?')[0], a.status])).toEqual([['/api/v3/order', 408]]);
      const operationId = res.reconciled?.operationId;
      expect(operationId).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
      expect(sentBody(sim, sends[0]!).newClientOrderId).toBe(operationId);
      expect(res.data).toMatchObject({ symbol: 'BTCUSDT', clientOrderId: operationId, status: 'NEW' });
      expect(trace.map((t) => t.outcome)).toEqual(['applied']);
      const lookupsSent = sim.arrivals.filter((a) => a.route === 'getOrder');
      expect(lookupsSent.map((a) => [a.signature, a.status])).toEqual([['ok', 200]]);
      expect(sim.ledger.count(operationId!)).toBe(1);
      expect(sim.ledger.refusedSignatures).toBe(0);
    } finally {
      await sim.close();
    }
  });

  for (const fault of ['timeout-before', '504-before'] as const) {
    test(`${fault}: −2013 is absent only after recvWindow + 1 s, then the order is resent signed afresh; one effect`, async () => {
      const { sim, res, trace } = await placeWith(fault, fault === '504-before' ? 65_002 : 65_003);
      try {
        expect(res.status).toBe(200);
        const sends = orderSends(sim);
        expect(sends.map((a) => a.status)).toEqual([fault === '504-before' ? 504 : 408, 200]);
        const absent = trace.findIndex((t) => t.outcome === 'absent');
        expect(absent).toBeGreaterThan(0);
        expect(trace.slice(0, absent).every((t) => t.outcome === 'unknown')).toBe(true);
        expect(trace[absent]!.at - sends[0]!.at).toBeGreaterThanOrEqual(RECV_WINDOW_MS + 1_000);
        const [first, second] = sends.map((a) => sentBody(sim, a));
        expect(second!.newClientOrderId).toBe(first!.newClientOrderId);
        expect(second!.signature).not.toBe(first!.signature); // re-signed: a fresh timestamp
        expect(sim.ledger.effects).toHaveLength(1);
        expect(sim.ledger.refusedSignatures).toBe(0);
      } finally {
        await sim.close();
      }
    });
  }

  test('504 after the order was placed: a 5XX is "execution status UNKNOWN": verified applied, one effect', async () => {
    const { sim, res } = await placeWith('504-after', 65_004);
    try {
      expect(res.reconciled?.checks).toBe(1);
      expect(orderSends(sim).map((a) => a.status)).toEqual([504]);
      expect(sim.ledger.effects).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  test('418: every request on the key waits until the ban has ended; none arrives inside it', async () => {
    const ip = '10.9.8.7';
    const throttles: ThrottleEvent[] = [];
    const { sim, executor } = await bannedIp(ip, 2_000, { onThrottle: (e) => throttles.push(e) });
    try {
      const first = executor.request({ method: 'GET', url: '/api/v3/ticker/price', params: { symbol: 'BTCUSDT' } });
      while (throttles.length === 0) await new Promise((r) => setTimeout(r, 5));
      // Requests started while the key is paused wait too.
      const more = Array.from({ length: 4 }, () => executor.request({ method: 'GET', url: '/api/v3/ticker/price', params: { symbol: 'BTCUSDT' } }));
      const answers = await Promise.all([first, ...more]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(throttles[0]).toMatchObject({ source: 'header', scope: 'key' });
      const { after, until } = banSeen(sim, ip);
      expect(after.every((a) => a.at >= until)).toBe(true);
      expect(after.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await sim.close();
    }
  });

  test('418: the key waits out the whole ban even when the ban outlasts the request\'s deadline and maxRetryAfterMs', async () => {
    const ip = '10.9.8.6';
    // The server's wait is capped for the request (maxRetryAfterMs); the ban is not shortened for the key.
    const { sim, executor } = await bannedIp(ip, 1_500, { maxRetryAfterMs: 200 });
    try {
      const get = (deadlineMs?: number) => executor.request({ method: 'GET', url: '/api/v3/ticker/price', params: { symbol: 'BTCUSDT' }, resolute: deadlineMs ? { deadlineMs } : {} });
      const short = await get(300).catch((e: unknown) => e);
      expect(short).toBeInstanceOf(DeadlineExceededError);
      const later = await Promise.all([get(), get(), get()]);
      expect(later.map((r) => r.status)).toEqual([200, 200, 200]);
      const { after, until } = banSeen(sim, ip);
      expect(after.map((a) => [a.status, a.at >= until])).toEqual([[200, true], [200, true], [200, true]]);
    } finally {
      await sim.close();
    }
  });
});

test("the README's Binance signing example, as written (credentials from the simulator): signed sends and lookups, nothing refused", async () => {
  const sim = await startSimulator({ dialect: 'binance', signing: {} });
  const env = { BINANCE_SECRET: sim.signing!.secret!, BINANCE_KEY: sim.signing!.key! };
  try {
    const signBinance = (config: AxiosRequestConfig): AxiosRequestConfig => {
      const fields = { ...config.params, ...(config.data ?? {}), recvWindow: '5000', timestamp: String(Date.now()) };
      const query = new URLSearchParams(fields).toString();
      const signature = createHmac('sha256', env.BINANCE_SECRET).update(query).digest('hex');
      return { ...config, url: `${config.url}?${query}&signature=${signature}`, params: undefined, data: undefined, headers: { ...config.headers, 'X-MBX-APIKEY': env.BINANCE_KEY } };
    };
    const binance = createExecutor({ http: axios.create({ baseURL: sim.url, httpAgent: agent }), profile: profiles.binance, rateLimit: false, verifyDelayMs: 20, prepare: signBinance, verify: lookups.binance({ sign: signBinance }) });
    sim.inject({ route: 'placeOrder', fault: 'timeout-after' });
    const res = await binance.request({ method: 'POST', url: '/api/v3/order', data: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '65000' } });
    expect(res.reconciled?.checks).toBe(1);
    expect(sim.arrivals.map((a) => [a.route, a.signature])).toEqual([
      ['placeOrder', 'ok'],
      ['getOrder', 'ok'],
    ]);
    expect(sim.ledger.effects).toHaveLength(1);
    expect(sim.ledger.refusedSignatures).toBe(0);
  } finally {
    await sim.close();
  }
});
