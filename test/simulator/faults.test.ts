import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type DialectName, type FaultName, type Simulator } from '../../src/testing/index.js';
import { byClientId, DIALECTS, errorCode, orderBody, send } from './helpers.js';

type ErrorFault = '500' | '503' | 'overload' | '429' | '504' | '511';

/** Status and body code each dialect answers per fault (see src/testing/dialects.ts). */
const EXPECTED: Record<DialectName, Record<ErrorFault, readonly [number, unknown]>> = {
  infinex: {
    '500': [500, 'INTERNAL_SERVER_ERROR'],
    '503': [503, 'SERVICE_UNAVAILABLE'],
    overload: [503, 'SERVICE_UNAVAILABLE'],
    '429': [429, 'TOO_MANY_REQUESTS'],
    '504': [504, 'GATEWAY_TIMEOUT'],
    '511': [511, 'REQUIRE_2FA'],
  },
  batchdata: {
    '500': [500, 500],
    '503': [503, 503],
    overload: [503, 503],
    '429': [429, 429],
    '504': [504, 504],
    '511': [511, 511],
  },
  alp: {
    '500': [500, 'INTERNAL_SERVER_ERROR'],
    '503': [503, 'SERVICE_UNAVAILABLE'],
    overload: [400, 'SERVICE_OVERLOADED'],
    '429': [429, 'TOO_MANY_REQUESTS'],
    '504': [504, 'GATEWAY_TIMEOUT'],
    '511': [511, 'REQUIRE_2FA'],
  },
  orderly: {
    '500': [500, -1000],
    '503': [503, -1000],
    overload: [400, '-1011'],
    '429': [429, -1003],
    '504': [504, -1000],
    '511': [511, -1002],
  },
  binance: {
    '500': [500, -1000],
    '503': [503, -1001],
    overload: [503, -1008],
    '429': [429, -1003],
    '504': [504, -1007],
    '511': [511, -1002],
  },
  bybit: {
    '500': [200, 10016],
    '503': [503, 10016],
    overload: [200, 429],
    '429': [200, 10006],
    '504': [504, 10000],
    '511': [511, 10005],
  },
  okx: {
    '500': [500, '50026'],
    '503': [503, '50001'],
    overload: [429, '50013'],
    '429': [429, '50011'],
    '504': [504, '50004'],
    '511': [511, '50114'],
  },
};

/** The API's own "execution status unknown" answer (timeout-before/-after): Binance −1007 (408 by default). */
const TIMEOUT: Partial<Record<DialectName, readonly [number, unknown]>> = {
  binance: [408, -1007],
  // Bybit error.mdx 10000 "Server Timeout" on HTTP 200; OKX 50004 "API endpoint request timeout" (HTTP 400).
  bybit: [200, 10000],
  okx: [400, '50004'],
};

interface Case {
  fault: FaultName;
  applied: boolean;
  /** An error fault checked against EXPECTED, or a special outcome. */
  outcome: ErrorFault | 'reset' | 'html' | 'malformed' | 'empty' | 'ok' | 'timeout';
}

const CASES: Case[] = [
  { fault: '500', applied: false, outcome: '500' },
  { fault: '503', applied: false, outcome: '503' },
  { fault: 'overload', applied: false, outcome: 'overload' },
  { fault: '429', applied: false, outcome: '429' },
  { fault: '429-no-retry-after', applied: false, outcome: '429' },
  { fault: '502-html', applied: false, outcome: 'html' },
  { fault: '504-after', applied: true, outcome: '504' },
  { fault: '504-before', applied: false, outcome: '504' },
  { fault: 'reset-before', applied: false, outcome: 'reset' },
  { fault: 'reset-after', applied: true, outcome: 'reset' },
  { fault: 'slow', applied: true, outcome: 'ok' },
  { fault: 'malformed', applied: false, outcome: 'malformed' },
  { fault: 'empty', applied: false, outcome: 'empty' },
  { fault: '511', applied: false, outcome: '511' },
  { fault: 'timeout-after', applied: true, outcome: 'timeout' },
  { fault: 'timeout-before', applied: false, outcome: 'timeout' },
];

const SLOW_MS = 60;

describe.each(DIALECTS)('%s: every fault on placeOrder, seen by plain axios', (dialect) => {
  let sim: Simulator;
  beforeAll(async () => {
    // This client ignores the injected 429's Retry-After on purpose; Binance would ban its IP for that (tested in
    // binance.test.ts), so the ban threshold is out of reach here.
    sim = await startSimulator({ dialect, slowMs: SLOW_MS, ...(dialect === 'binance' ? { binance: { banAfter: 1_000 } } : {}) });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(CASES)('$fault', async ({ fault, applied, outcome }) => {
    const arrivalsBefore = sim.arrivals.length;
    const effectsBefore = sim.ledger.effects.length;
    sim.inject({ route: 'placeOrder', fault });
    const started = Date.now();
    const seen = await send(sim, 'POST', sim.routes.placeOrder, orderBody(dialect, `${dialect}-${fault}`));
    const elapsed = Date.now() - started;

    switch (outcome) {
      case 'reset':
        expect(seen.error).toBe('ECONNRESET');
        break;
      case 'html':
        expect(seen.status).toBe(502);
        expect(seen.headers['content-type']).toMatch(/^text\/html/);
        expect(seen.text).toContain('<center>nginx</center>');
        expect(seen.json).toBeUndefined();
        break;
      case 'malformed':
        expect(seen.status).toBe(500);
        expect(seen.headers['content-type']).toMatch(/^application\/json/);
        expect(seen.text.length).toBeGreaterThan(0);
        expect(seen.json).toBeUndefined();
        expect(() => JSON.parse(seen.text)).toThrow();
        break;
      case 'empty':
        expect(seen.status).toBe(503);
        expect(seen.text).toBe('');
        break;
      case 'ok':
        expect(seen.status).toBe(200);
        expect(elapsed).toBeGreaterThanOrEqual(SLOW_MS - 5);
        break;
      case 'timeout': {
        // Binance's own "execution status unknown" answer (−1007, HTTP 408 by default); the others have none: 504.
        const [status, code] = TIMEOUT[dialect] ?? EXPECTED[dialect]['504'];
        expect(seen.status).toBe(status);
        expect(errorCode(dialect, seen.json)).toBe(code);
        if (dialect === 'binance') expect(seen.json).toEqual({ code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' });
        break;
      }
      default: {
        const [status, code] = EXPECTED[dialect][outcome];
        expect(seen.status).toBe(status);
        expect(errorCode(dialect, seen.json)).toBe(code);
        if (dialect === 'orderly') expect(seen.json).toMatchObject({ success: false });
        if (dialect === 'alp') expect(seen.json).not.toHaveProperty('fields');
        if (dialect === 'batchdata') expect((seen.json as { status: { text: string } }).status.text).toEqual(expect.any(String));
      }
    }
    if (fault === '429') expect(seen.headers['retry-after']).toBe('1');
    if (fault === '429-no-retry-after') expect(seen.headers['retry-after']).toBeUndefined();

    // The server saw exactly this one request; the ledger moved only if the fault applies the effect.
    expect(sim.arrivals.length).toBe(arrivalsBefore + 1);
    const arrival = sim.arrivals.at(-1)!;
    expect(arrival.fault).toBe(fault);
    expect(arrival.route).toBe('placeOrder');
    expect(arrival.applied).toBe(applied);
    expect(arrival.status).toBe(outcome === 'reset' ? undefined : seen.status);
    expect(sim.ledger.effects.length).toBe(effectsBefore + (applied ? 1 : 0));
    expect(sim.ledger.count(arrival.intent!)).toBe(applied ? 1 : 0);
  });
});

describe('faults on read routes fail the read and never touch the ledger', () => {
  it.each(DIALECTS)('%s', async (dialect) => {
    const sim = await startSimulator({ dialect });
    try {
      const placed = await send(sim, 'POST', sim.routes.placeOrder, orderBody(dialect, 'r1'));
      expect(placed.status).toBe(200);
      const intent = sim.arrivals[0]!.intent!;
      const lookupId = byClientId(dialect) ? 'r1' : intent;

      sim.inject({ route: 'getOrder', fault: '500' });
      sim.inject({ route: 'ticker', fault: '504-after' });
      sim.inject({ route: 'listOrders', fault: 'reset-after' });
      const lookup = await send(sim, 'GET', sim.routes.getOrder(lookupId));
      const ticker = await send(sim, 'GET', sim.routes.ticker);
      const list = await send(sim, 'GET', sim.routes.listOrders);
      const lookupAgain = await send(sim, 'GET', sim.routes.getOrder(lookupId));

      expect(lookup.status).toBe(EXPECTED[dialect]['500'][0]);
      expect(errorCode(dialect, lookup.json)).toBe(EXPECTED[dialect]['500'][1]);
      expect(ticker.status).toBe(504);
      expect(list.error).toBe('ECONNRESET');
      expect(lookupAgain.status).toBe(200);
      expect(sim.arrivals.map((a) => a.route)).toEqual(['placeOrder', 'getOrder', 'ticker', 'listOrders', 'getOrder']);
      expect(sim.arrivals.map((a) => a.applied)).toEqual([true, false, false, false, false]);
      expect(sim.ledger.effects).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});

describe('scripted injections', () => {
  it('match by route, count down `times`, accept "*", and take precedence over random faults', async () => {
    const sim = await startSimulator({ dialect: 'alp', faults: { '503': 1 } });
    try {
      sim.inject({ route: 'placeOrder', fault: '500', times: 2 });
      sim.inject({ route: '*', fault: '504-before' });
      sim.inject({ route: 'ticker', fault: '429', retryAfterSec: 3 });
      const statuses: number[] = [];
      statuses.push((await send(sim, 'GET', sim.routes.ticker)).status); // '*' script (504)
      const ra = await send(sim, 'GET', sim.routes.ticker); // ticker script (429, Retry-After 3)
      statuses.push(ra.status);
      for (let i = 0; i < 3; i += 1) {
        statuses.push((await send(sim, 'POST', sim.routes.placeOrder, orderBody('alp', `s${i}`))).status);
      }
      expect(ra.headers['retry-after']).toBe('3');
      // Two scripted 500s, then the random fault (503 with probability 1) takes over again.
      expect(statuses).toEqual([504, 429, 500, 500, 503]);
      expect(sim.arrivals.map((a) => a.fault)).toEqual(['504-before', '429', '500', '500', '503']);
      expect(sim.ledger.effects).toHaveLength(0);
      expect(() => sim.inject({ fault: 'nope' as FaultName })).toThrow(TypeError);
      expect(() => sim.inject({ fault: '500', times: 0 })).toThrow(RangeError);
    } finally {
      await sim.close();
    }
  });

  it('random faults hit only faultRoutes (default: not the lookups)', async () => {
    const sim = await startSimulator({ dialect: 'orderly', faults: { '500': 1 } });
    const custom = await startSimulator({ dialect: 'orderly', faults: { '500': 1 }, faultRoutes: ['getOrder'] });
    try {
      expect((await send(sim, 'POST', sim.routes.placeOrder, orderBody('orderly', 'x'))).status).toBe(500);
      expect((await send(sim, 'GET', sim.routes.ticker)).status).toBe(500);
      const lookup = await send(sim, 'GET', sim.routes.getOrder('x'));
      expect(lookup.status).toBe(400); // the real "not found" answer: the placement was never applied
      expect(errorCode('orderly', lookup.json)).toBe(-1006);
      expect((await send(sim, 'GET', sim.routes.listOrders)).status).toBe(200);
      expect(sim.arrivals.map((a) => a.fault)).toEqual(['500', '500', undefined, undefined]);

      expect((await send(custom, 'POST', custom.routes.placeOrder, orderBody('orderly', 'y'))).status).toBe(200);
      expect((await send(custom, 'GET', custom.routes.getOrder('y'))).status).toBe(500);
      expect(custom.arrivals).toHaveLength(2);
      expect(custom.ledger.effects).toHaveLength(1);
    } finally {
      await Promise.all([sim.close(), custom.close()]);
    }
  });
});
