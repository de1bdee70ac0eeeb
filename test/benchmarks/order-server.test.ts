import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FAULTS, drawFor, faultOf, tagMeeting, type OrderFault } from '../../benchmarks/servers/order-faults.js';
import { startOrderServer, type OrderServer } from '../../benchmarks/servers/start.js';

const SEED = 3;

describe('order server faults', () => {
  it('lays the mix out on [0, 1) in order: 26 % faulty, the rest clean', () => {
    expect([0, 0.0399, 0.04, 0.0799, 0.08, 0.12, 0.16, 0.185, 0.21, 0.235, 0.2599, 0.26, 0.9999].map(faultOf)).toEqual([
      '429', '429', '500', '500', '502', 'overload', '504-after', 'reset-after', '504-before', 'reset-before', 'reset-before', undefined, undefined,
    ]);
  });

  it('draws from the seed and the key only, with the advertised proportions', () => {
    expect(drawFor(1, 'a#0')).toBe(drawFor(1, 'a#0'));
    expect(drawFor(1, 'a#0')).not.toBe(drawFor(2, 'a#0'));
    expect(drawFor(1, 'a#0')).not.toBe(drawFor(1, 'a#1'));
    const n = 40_000;
    const counts = new Map<OrderFault | undefined, number>();
    for (let i = 0; i < n; i++) {
      const f = faultOf(drawFor(SEED, `t${i}#0`));
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    for (const [f, p] of ORDER_FAULTS) expect(Math.abs((counts.get(f) ?? 0) / n - p)).toBeLessThan(0.005);
  });
});

/** The first tag whose first send meets `first` and whose second send is clean. */
const tagWith = (first: OrderFault | undefined): string => tagMeeting(SEED, [first, undefined], first ?? 'clean');

describe('order server (express 5, a real child process)', () => {
  let server: OrderServer;
  beforeAll(async () => {
    server = await startOrderServer(SEED);
  });
  afterAll(async () => {
    await server.close();
  });
  const http = () => axios.create({ baseURL: server.url, validateStatus: () => true, headers: { 'X-Api-Key': 'k1', 'x-bench-sent': '123' } });
  const order = (tag: string, clientId?: string) => ({ symbol: 'BTC-USD', side: 'buy', qty: 0.01, price: 65_000, tag, ...(clientId ? { clientId } : {}) });

  it('places, looks up, lists and rejects a bad body', async () => {
    const tag = tagWith(undefined);
    const placed = await http().post('/orders', order(tag, 'c-1'));
    expect(placed.status).toBe(201);
    expect(placed.data).toMatchObject({ clientId: 'c-1', tag, symbol: 'BTC-USD' });
    expect((await http().get('/orders/c-1')).data).toMatchObject({ clientId: 'c-1', tag });
    expect((await http().get('/orders/nope')).status).toBe(404);
    const list = await http().get('/orders', { params: { since: placed.data.createdAt } });
    expect(list.data.orders.map((o: { tag: string }) => o.tag)).toContain(tag);
    expect((await http().post('/orders', { symbol: 'X' })).status).toBe(400);
    const ledger = await server.ledger();
    expect(ledger.applied[tag]).toBe(1);
    expect(ledger.arrivals[0]).toMatchObject({ route: 'place', key: 'k1', intent: tag, status: 201, headers: { 'x-bench-sent': '123' } });
  });

  it('a used clientId is refused with 409 and not applied', async () => {
    const tags = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `dup-${i}`).filter((t) => faultOf(drawFor(SEED, `${t}#0`)) === undefined);
    expect(tags.length).toBeGreaterThanOrEqual(2);
    expect((await http().post('/orders', order(tags[0]!, 'id-dup'))).status).toBe(201);
    const second = await http().post('/orders', order(tags[1]!, 'id-dup'));
    expect(second.status).toBe(409);
    expect(second.data).toEqual({ error: { code: 'DUPLICATE_CLIENT_ID', message: expect.any(String) } });
    expect((await server.ledger()).applied[tags[1]!]).toBeUndefined();
  });

  it('504 after applying, then a blind resend: applied twice, a duplicate; reset before applying: nothing applied', async () => {
    const after = tagWith('504-after');
    expect((await http().post('/orders', order(after))).status).toBe(504);
    expect((await server.ledger()).applied[after]).toBe(1);
    expect((await http().post('/orders', order(after))).status).toBe(201); // the second send of the tag is clean
    const before = tagWith('reset-before');
    await expect(http().post('/orders', order(before))).rejects.toMatchObject({ code: 'ECONNRESET' });
    const ledger = await server.ledger();
    expect(ledger.duplicates).toContain(after);
    expect(ledger.applied[before]).toBeUndefined();
    expect(ledger.arrivals.find((a) => a.intent === before)).toMatchObject({ fault: 'reset-before' });
  });

  it('a 429 opens a 1 s window for its key only; arrivals inside it are counted, not refused', async () => {
    const tag = tagWith('429');
    const t0 = Date.now();
    const limited = await http().post('/orders', order(tag));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await http().get('/orders/anything')).status).toBe(404); // same key, inside: served and counted
    const other = axios.create({ baseURL: server.url, validateStatus: () => true, headers: { 'X-Api-Key': 'k2' } });
    await other.get('/orders/anything');
    const ledger = await server.ledger();
    const windows = ledger.windows.filter((w) => w.from >= t0);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ key: 'k1' });
    expect(windows[0]!.until - windows[0]!.from).toBe(1_000);
    const seq = ledger.arrivals.find((a) => a.intent === tag)!.seq;
    const late = ledger.arrivals.filter((a) => a.seq > seq);
    expect(late.map((a) => [a.key, a.insideWindow])).toEqual([
      ['k1', true],
      ['k2', false],
    ]);
    expect(ledger.insideWindows).toBe(1);
    expect(ledger.union.at(-1)).toEqual({ from: windows[0]!.from, until: windows[0]!.until });
  });
});
