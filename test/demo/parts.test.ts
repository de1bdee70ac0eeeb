/**
 * The demo's pieces on their own: flag parsing, the TOTP pool, the workload and the table.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, test } from 'vitest';
import { DEFAULT_OPTIONS, parseArgs } from '../../demo/args.js';
import { resoluteContender } from '../../demo/contenders.js';
import { totpPool } from '../../demo/otp.js';
import { OTP_SECRET } from '../../demo/scenario.js';
import type { ContenderMetrics } from '../../demo/stats.js';
import { explain, renderTable, wrap } from '../../demo/table.js';
import { buildWorkload, withdrawalBody } from '../../demo/workload.js';
import type { OtpContext } from '../../src/index.js';
import { startSimulator } from '../../src/testing/index.js';


describe('parseArgs', () => {
  test('no flags → the defaults (orderly, 300 intents, seed 42, text)', () => {
    expect(parseArgs([])).toEqual({ kind: 'run', options: DEFAULT_OPTIONS });
    expect(DEFAULT_OPTIONS).toEqual({ dialect: 'orderly', intents: 300, seed: 42, json: false });
  });

  test('--flag value and --flag=value, negative seeds, --json', () => {
    expect(parseArgs(['--dialect=infinex', '--intents', '12', '--seed', '-3', '--json'])).toEqual({
      kind: 'run',
      options: { dialect: 'infinex', intents: 12, seed: -3, json: true },
    });
  });
});

describe('totpPool', () => {
  const ctx = (signal = new AbortController().signal): OtpContext =>
    ({ operationId: 'x', request: { method: 'POST', url: '/w' }, serverMessage: '', attempt: 1, rejected: false, signal, remainingMs: 10_000 }) as OtpContext;

  test('three distinct codes at once, each valid within the ±1 step the simulator accepts', async () => {
    const hook = totpPool(OTP_SECRET);
    const t0 = Date.now();
    const codes = await Promise.all([hook(ctx()), hook(ctx()), hook(ctx())]);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(new Set(codes).size).toBe(3);
    const secret = Secret.fromBase32(OTP_SECRET);
    for (const token of codes) {
      expect(token).toMatch(/^\d{6}$/);
      expect(TOTP.validate({ token, secret, window: 1 })).not.toBeNull();
    }
  });

  test('a spent provider is passed over within its 20 ms probe even when a garbage collection runs meanwhile', async () => {
    // With AbortSignal.any([..., AbortSignal.timeout(20)]) the GC collected the timeout and the probe never fired
    // (nodejs/node#57736): the ask slept until the next 30 s step.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const hook = totpPool(OTP_SECRET);
    await hook(ctx()); // the skew-0 provider is spent for this step
    const t0 = Date.now();
    const second = hook(ctx());
    setImmediate(gc);
    setTimeout(gc, 5);
    expect(await second).toMatch(/^\d{6}$/);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  test('a fourth ask waits for the next step and rejects at once when its signal aborts', async () => {
    const hook = totpPool(OTP_SECRET);
    await Promise.all([hook(ctx()), hook(ctx()), hook(ctx())]);
    const ctl = new AbortController();
    const reason = new Error('deadline');
    const t0 = Date.now();
    const fourth = hook(ctx(ctl.signal));
    setTimeout(() => ctl.abort(reason), 100);
    // Unless a 30 s step boundary fell in this very moment, no fresh code exists yet: the ask is still waiting.
    const settled = await fourth.then((code) => ({ code }), (error: unknown) => ({ error }));
    if ('error' in settled) {
      expect(settled.error).toBe(reason);
      expect(Date.now() - t0).toBeLessThan(1_000);
    } else {
      expect(settled.code).toMatch(/^\d{6}$/);
    }
  });
});

describe("the demo's resolute contender", () => {
  test('withdrawals whose coded sends meet 429s (as under a loaded CPU) ask one code each and all succeed', async () => {
    // Regression: a 429 used to cost a fresh code, the pool ran dry within its 30 s step, and a withdrawal waited
    // past its 15 s deadline (the demo test failed with failed: 1 in three dialects at once).
    // Not across a 30 s step boundary: the pool's skew −1 code would expire on the way and rightly cost a fourth ask.
    const toBoundary = 30_000 - (Date.now() % 30_000);
    if (toBoundary < 8_000) await new Promise((r) => setTimeout(r, toBoundary + 50));
    const sim = await startSimulator({ dialect: 'orderly', seed: 3, otpSecret: OTP_SECRET, faults: { '429': 0.4 }, faultRoutes: ['withdraw'] });
    try {
      const contender = resoluteContender(sim);
      const tasks = [0, 1, 2].map((i) => ({ kind: 'withdraw' as const, id: `w${i}`, url: sim.routes.withdraw, body: withdrawalBody(`w${i}`, i) }));
      const outcomes = await Promise.all(tasks.map((t) => contender.perform(t)));
      expect(outcomes).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(contender.counters.otpPrompts).toBe(3);
      expect(sim.arrivals.filter((a) => a.status === 429).length).toBeGreaterThan(0); // the faults did meet coded sends
      expect(sim.ledger.effects).toHaveLength(3);
      expect(sim.ledger.duplicates()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('buildWorkload', () => {
  test('orders, a read after every third order, three withdrawals spread through; ids in the bodies', async () => {
    const sim = await startSimulator({ dialect: 'infinex' });
    try {
      const w = buildWorkload('infinex', sim.routes, 30);
      expect([w.orders, w.reads, w.withdrawals, w.tasks.length]).toEqual([30, 10, 3, 43]);
      const kinds = w.tasks.map((t) => t.kind);
      expect(kinds.filter((k) => k === 'order')).toHaveLength(30);
      expect(kinds.indexOf('withdraw')).toBeGreaterThan(5);
      const ids = w.tasks.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const t of w.tasks) if (t.kind !== 'read') expect(t.body['ref']).toBe(t.id);
      expect(w.tasks.filter((t) => t.kind === 'read').map((t) => t.url.split('?')[0])).toContain(sim.routes.listOrders);
      expect(buildWorkload('orderly', sim.routes, 2).withdrawals).toBe(2); // never more withdrawals than orders
    } finally {
      await sim.close();
    }
  });
});

describe('table', () => {
  const metrics = (name: string, full: boolean): ContenderMetrics => ({
    name,
    intents: 303,
    succeeded: full ? 303 : 280,
    failed: full ? 0 : 23,
    indeterminate: 0,
    applied: full ? 303 : 295,
    duplicates: full ? 0 : 17,
    lost: full ? 0 : 5,
    reads: 100,
    readsOk: full ? 100 : 97,
    retries: full ? 20 : 110,
    blindResends: full ? 0 : 30,
    throttleWaits: full ? 4 : null,
    otpPrompts: full ? 3 : null,
    verifications: full ? { applied: 21, absent: 12, unknown: 0 } : null,
    requestsSent: 480,
    orderPosts: 330,
    wallMs: 8_650,
  });

  test('one column per contender, — where a contender has no such thing, under 100 columns', () => {
    const text = renderTable([metrics('resolute', true), metrics('axios-retry', false)]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\s+resolute\s+axios-retry$/);
    expect(lines.find((l) => l.startsWith('duplicates'))).toMatch(/\s0\s+17$/);
    expect(lines.find((l) => l.startsWith('OTP prompts'))).toMatch(/\s3\s+—$/);
    expect(lines.find((l) => l.startsWith('verifications'))).toMatch(/\s21 \/ 12\s+—$/);
    expect(lines.find((l) => l.startsWith('wall time'))).toMatch(/8\.7 s\s+8\.7 s$/);
    expect(lines).toHaveLength(16 + 3);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  test('the explanation quotes the numbers and wraps at 100 columns', () => {
    const lines = explain(metrics('resolute', true), metrics('axios-retry', false), 3);
    const text = lines.join(' ');
    expect(text).toContain('axios-retry resent 30 orders blindly');
    expect(text).toContain('17 duplicate orders');
    expect(text).toContain('5 intents failed that the exchange had in fact applied');
    expect(text).toContain('21 found applied, 12 found absent');
    expect(text).toContain('waited out 4 rate-limit windows (429)');
    expect(text).toContain('all 3 of its withdrawals ended on');
    expect(explain(metrics('resolute', true), metrics('axios-retry', false), 1).join(' ')).toContain('its withdrawal ended on');
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(wrap('a b c', 3)).toEqual(['a b', 'c']);
  });
});
