/**
 * `prepare` signs after every wait: a 429 pauses the key for 6 s on a server that refuses signatures older than
 * 5 s (Orderly-style ed25519 with a 5 s window, Binance-style HMAC with recvWindow 5,000). The throttled request
 * and one that arrives while the pause is in force both wait it out and are signed right before they leave:
 * the server counts 0 refused signatures. A control request signed before it waited is refused, so the server
 * really enforces the window.
 */
import http from 'node:http';
import axios, { type AxiosRequestConfig } from 'axios';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecutor, profiles, type ExecutorOptions } from '../../src/index.js';
import { orderlyHeaders, signedBinanceQuery, startSimulator, type Simulator } from '../../src/testing/index.js';
import { orderBody } from '../simulator/helpers.js';

const agent = new http.Agent({ keepAlive: true });
afterAll(() => agent.destroy());

const PAUSE_S = 6;
const WINDOW_MS = 5_000;

type Signer = (config: AxiosRequestConfig) => AxiosRequestConfig;

function orderlySigner(sim: Simulator): Signer {
  const { key, secret } = sim.signing as { key: string; secret: string };
  return (config) => {
    const body = config.data === undefined ? '' : typeof config.data === 'string' ? config.data : JSON.stringify(config.data);
    const headers = orderlyHeaders({ key, secret }, 'acct-1', { method: config.method!, path: config.url!, body });
    return { ...config, data: body || undefined, headers: { ...config.headers, 'Content-Type': 'application/json', ...headers } };
  };
}

function binanceSigner(sim: Simulator): Signer {
  const { key, secret } = sim.signing as { key: string; secret: string };
  return (config) => ({
    ...config,
    url: `${config.url}?${signedBinanceQuery(secret, config.params ?? {}, { recvWindow: WINDOW_MS })}`,
    params: undefined,
    headers: { ...config.headers, 'X-MBX-APIKEY': key },
  });
}

const cases = [
  { dialect: 'orderly', profile: profiles.orderly, signer: orderlySigner, field: 'data' },
  { dialect: 'binance', profile: profiles.binance, signer: binanceSigner, field: 'params' },
] as const;

describe.concurrent('prepare signs after the limiter grants the slot (6 s pause, 5 s signature window)', () => {
  for (const c of cases) {
    it(`${c.dialect}: the throttled request and one queued behind the pause are both accepted`, async () => {
      const sim = await startSimulator({ dialect: c.dialect, signing: { windowMs: WINDOW_MS } });
      try {
        const sign = c.signer(sim);
        let throttledAt = 0;
        let heard: () => void = () => {};
        const throttled = new Promise<void>((resolve) => (heard = resolve));
        const options: ExecutorOptions = {
          http: axios.create({ baseURL: sim.url, httpAgent: agent }),
          profile: c.profile,
          rateLimit: false,
          deadlineMs: 20_000,
          prepare: (config) => sign(config),
          onThrottle: () => {
            throttledAt = Date.now();
            heard();
          },
        };
        const executor = createExecutor(options);
        const order = (id: string): AxiosRequestConfig => ({ method: 'POST', url: sim.routes.placeOrder, [c.field]: orderBody(c.dialect, id) });
        sim.inject({ route: 'placeOrder', fault: '429', retryAfterSec: PAUSE_S });

        const first = executor.request(order('w-1'));
        await throttled;
        // Arrives while the pause is in force: it waits for the limiter, then is signed.
        const second = executor.request(order('w-2'));
        // Control: signed now, before waiting out the pause (as a signature made before the limiter would be).
        const control = axios.create({ baseURL: sim.url, httpAgent: agent, validateStatus: () => true });
        const stale = sign(order('w-3'));
        const controlAnswer = new Promise((resolve) => setTimeout(resolve, PAUSE_S * 1000 + 50)).then(() => control.request(stale));

        const [r1, r2, rc] = await Promise.all([first, second, controlAnswer]);
        expect(r1.status).toBe(200);
        expect(r2.status).toBe(200);
        expect(rc.status).not.toBe(200); // the server refuses a signature older than its window
        expect(sim.ledger.refusedSignatures).toBe(1); // the control's, and only it
        expect([sim.ledger.count('w-1'), sim.ledger.count('w-2'), sim.ledger.count('w-3')]).toEqual([1, 1, 0]);
        // resolute's sends after the 429: both left after the pause and carried an accepted signature.
        const after = sim.arrivals.filter((a) => a.at >= throttledAt && a.signature !== 'expired');
        expect(after.map((a) => a.signature)).toEqual(['ok', 'ok']);
        for (const a of after) expect(a.at - throttledAt).toBeGreaterThanOrEqual(PAUSE_S * 1000 - 50);
      } finally {
        await sim.close();
      }
    }, 30_000);
  }
});
