import http from 'node:http';
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/testing/cli.js';

function io(signal?: AbortSignal) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      ...(signal === undefined ? {} : { signal }),
    },
  };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('resolute-sim CLI', () => {
  it('--help prints usage and exits 0', async () => {
    const { out, io: streams } = io();
    expect(await main(['--help'], streams)).toBe(0);
    expect(out.stdout).toContain('Usage: resolute-sim --dialect');
    expect(out.stdout).toContain('--fault-rate');
    expect(out.stderr).toBe('');
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [[], /--dialect is required/],
    [['--dialect', 'kraken'], /unknown dialect "kraken" \(known: infinex, batchdata, alp, orderly, binance, bybit, okx\)/],
    [['--dialect', 'alp', '--fault-rate', '1.5'], /--fault-rate must be a number in 0\.\.1/],
    [['--dialect', 'alp', '--fault-rate=-0.1'], /--fault-rate must be a number in 0\.\.1/],
    [['--dialect', 'alp', '--fault-rate', '-0.1'], /ambiguous.*--fault-rate=-XYZ/],
    [['--dialect', 'alp', '--port', '70000'], /--port must be an integer in 0\.\.65535/],
    [['--dialect', 'alp', '--port', 'http'], /--port must be an integer/],
    [['--dialect', 'alp', '--faults', 'teapot=0.1'], /unknown fault "teapot"/],
    [['--dialect', 'alp', '--faults', '500=0.7,503=0.7'], /sum to 1\.4/],
    [['--dialect', 'alp', '--rate-limit', '10'], /--rate-limit must be LIMIT\/INTERVAL_MS/],
    [['--dialect', 'alp', '--otp-secret', 'no!'], /--otp-secret must be a base32 string/],
    [['--dialect', 'orderly', '--api-secret', 'x'], /alp only/],
    [['--dialect', 'alp', 'stray'], /positional/i],
    [['--dialect', 'binance', '--secret', 'x'], /--secret needs --sign/],
    [['--dialect', 'orderly', '--weight-limit', '10'], /--weight-limit applies to --dialect binance only/],
    [['--dialect', 'binance', '--list-lag-ms', '-5'], /ambiguous|--list-lag-ms must be a non-negative integer/],
    [['--dialect', 'binance', '--list-cap', 'many'], /--list-cap must be a non-negative integer/],
  ])('%j exits 2 with a one-line message', async (argv, message) => {
    const { out, io: streams } = io();
    expect(await main(argv, streams)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toMatch(/^resolute-sim: [^\n]+\n$/);
    expect(out.stdout).toBe('');
  });

  it('starts a real simulator, prints the URL and every route, serves, and closes on the stop signal', async () => {
    const stop = new AbortController();
    const { out, io: streams } = io(stop.signal);
    const started = Date.now();
    const exit = main(['--dialect', 'orderly', '--port', '0', '--faults', '500=1', '--seed', '3', '--latency-ms', '1'], streams);
    await until(() => out.stdout.includes('listening on'));
    expect(Date.now() - started).toBeLessThan(1000);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
    expect(url).toBeDefined();
    for (const line of ['placeOrder  POST', 'getOrder    GET', 'listOrders  GET', 'withdraw    POST', 'ticker      GET']) {
      expect(out.stdout).toContain(line);
    }
    expect(out.stdout).toContain(`${url}/v1/client/order/{client_order_id}`);

    const placed = await axios.post(`${url}/v1/order`, { client_order_id: 'c1' }, { validateStatus: () => true });
    expect(placed.status).toBe(500); // --faults 500=1
    expect(placed.data).toEqual({ success: false, code: -1000, message: expect.any(String) });
    const list = await axios.get(`${url}/v1/orders`, { validateStatus: () => true });
    expect(list.status).toBe(200);

    stop.abort();
    expect(await exit).toBe(0);
    expect(out.stdout).toContain('closed after 2 requests, 0 effects applied');
    expect(out.stderr).toBe('');
    // A fresh connection: the default agent may still hold the keep-alive socket the server just closed.
    await expect(axios.get(`${url}/v1/orders`, { httpAgent: new http.Agent({ keepAlive: false }) })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('--dialect binance --sign: prints the Binance routes and the generated credentials; the server demands them', async () => {
    const stop = new AbortController();
    const { out, io: streams } = io(stop.signal);
    const exit = main(['--dialect', 'binance', '--sign', '--secret', 'cli-secret', '--signature-window-ms', '2000', '--weight-limit', '50', '--list-lag-ms', '0'], streams);
    await until(() => out.stdout.includes('listening on'));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
    expect(out.stdout).toContain(`${url}/api/v3/order?symbol=BTCUSDT&origClientOrderId={client_order_id}`);
    expect(out.stdout).toContain(`${url}/api/v3/allOrders?symbol=BTCUSDT`);
    expect(out.stdout).toContain('signing     binance-hmac key=sim-api-key secret=(as given) windowMs=2000');
    expect(out.stdout).not.toContain('cli-secret');
    const unsigned = await axios.post(`${url}/api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1`, undefined, { validateStatus: () => true, headers: { 'X-MBX-APIKEY': 'k' } });
    expect([unsigned.status, unsigned.data.code]).toEqual([400, -1102]);
    expect(unsigned.headers['x-mbx-used-weight-1m']).toBe('1');
    stop.abort();
    expect(await exit).toBe(0);
    expect(out.stdout).toContain('closed after 1 requests, 0 effects applied');
  });

  it.each([
    ['bybit', '/v5/order/realtime?category=spot&orderLinkId={client_order_id}', '/v5/order/create', { category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '1', price: '1', orderLinkId: 'c1' }],
    ['okx', '/api/v5/trade/order?instId=BTC-USDT&clOrdId={client_order_id}', '/api/v5/trade/order', { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', sz: '1', px: '1', clOrdId: 'c1' }],
  ] as const)('--dialect %s: prints its routes and serves them', async (dialect, lookup, place, order) => {
    const stop = new AbortController();
    const { out, io: streams } = io(stop.signal);
    const exit = main(['--dialect', dialect], streams);
    await until(() => out.stdout.includes('listening on'));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
    expect(out.stdout).toContain(`${url}${lookup}`);
    const placed = await axios.post(`${url}${place}`, order, { validateStatus: () => true });
    expect(placed.status).toBe(200);
    stop.abort();
    expect(await exit).toBe(0);
    expect(out.stdout).toContain('closed after 1 requests, 1 effects applied');
  });

  it('--dialect orderly --sign generates an ed25519 key pair and prints it', async () => {
    const stop = new AbortController();
    const { out, io: streams } = io(stop.signal);
    const exit = main(['--dialect', 'orderly', '--sign'], streams);
    await until(() => out.stdout.includes('listening on'));
    expect(out.stdout).toMatch(/signing {5}orderly-ed25519 key=ed25519:\w+ secret=ed25519:\w+ windowMs=300000/);
    stop.abort();
    expect(await exit).toBe(0);
  });

  it('a taken port exits 1 with a message', async () => {
    const stop = new AbortController();
    const first = io(stop.signal);
    const running = main(['--dialect', 'alp'], first.io);
    await until(() => first.out.stdout.includes('listening on'));
    const port = /127\.0\.0\.1:(\d+)/.exec(first.out.stdout)?.[1] ?? '';
    const second = io();
    expect(await main(['--dialect', 'alp', '--port', port], second.io)).toBe(1);
    expect(second.out.stderr).toMatch(/^resolute-sim: .*EADDRINUSE/);
    stop.abort();
    expect(await running).toBe(0);
  });
});
