/**
 * The `npm start` demo, end to end: `main()` against real simulators on 127.0.0.1, small workloads.
 */
import { describe, expect, test } from 'vitest';
import { main, type DemoIO, type DemoReport } from '../../demo/main.js';
import type { ContenderMetrics } from '../../demo/stats.js';
import type { DialectName } from '../../src/testing/index.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], isTTY = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: DemoIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const INTENTS = 40;
const WITHDRAWALS = 3;
const READS = Math.floor(INTENTS / 3);

describe.concurrent('--json, every dialect: resolute applies every intent exactly once', () => {
  for (const dialect of ['orderly', 'alp', 'infinex', 'batchdata'] as const satisfies readonly DialectName[]) {
    test(dialect, async () => {
      const out = await run(['--dialect', dialect, '--intents', String(INTENTS), '--seed', '7', '--json']);
      expect(out.code).toBe(0);
      expect(out.stderr).toBe(''); // no progress in --json mode
      expect(out.stdout.trim().split('\n')).toHaveLength(1); // one JSON object, nothing else
      const doc = JSON.parse(out.stdout) as DemoReport;
      expect(doc.ok).toBe(true);
      expect(doc.config).toMatchObject({ dialect, seed: 7, orderIntents: INTENTS, withdrawals: WITHDRAWALS, reads: READS });

      const r = doc.contenders.resolute;
      expect(r.name).toBe('resolute');
      expect(r.intents).toBe(INTENTS + WITHDRAWALS);
      expect(r.duplicates).toBe(0);
      expect(r.lost).toBe(0);
      expect(r.indeterminate).toBe(0);
      expect(r.failed).toBe(0);
      expect(r.succeeded).toBe(INTENTS + WITHDRAWALS);
      expect(r.applied).toBe(r.succeeded);
      expect(r.readsOk).toBe(READS);
      expect(r.blindResends).toBe(0);
      expect(r.otpPrompts).toBeGreaterThanOrEqual(WITHDRAWALS); // each withdrawal was asked for a code
      expect(r.throttleWaits).toEqual(expect.any(Number));
      // a not-found is 'unknown' until the settle time has passed, then 'absent'
      expect(r.verifications).toEqual({ applied: expect.any(Number), absent: expect.any(Number), unknown: expect.any(Number) });
      expect(r.requestsSent).toBeGreaterThanOrEqual(INTENTS + READS + 2 * WITHDRAWALS); // 2FA: a 511, then the code
      expect(r.orderPosts).toBeGreaterThanOrEqual(INTENTS);
      expect(r.wallMs).toBeGreaterThan(0);

      const a: ContenderMetrics = doc.contenders['axios-retry'];
      expect(a.name).toBe('axios-retry');
      expect(a.intents).toBe(INTENTS + WITHDRAWALS);
      expect(a.succeeded + a.failed).toBe(INTENTS + WITHDRAWALS);
      expect(a.indeterminate).toBe(0);
      expect(a.failed).toBeGreaterThanOrEqual(WITHDRAWALS); // no 2FA flow: every withdrawal fails
      expect(a.applied).toBeLessThanOrEqual(INTENTS); // ...and none is applied
      expect([a.throttleWaits, a.otpPrompts, a.verifications]).toEqual([null, null, null]);
      expect(a.duplicates).toBeGreaterThanOrEqual(0);
      expect(a.lost).toBeGreaterThanOrEqual(0);
      expect(a.requestsSent).toBeGreaterThanOrEqual(INTENTS + READS + WITHDRAWALS);
    });
  }
});

describe('text mode', () => {
  test('prints the title, the side-by-side table and what it means; progress goes to stderr', async () => {
    const out = await run(['--intents', '30', '--seed', '3']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^resolute demo: 30 order intents, 10 reads, 3 2FA withdrawals on a simulated orderly exchange$/);
    expect(lines.find((l) => /^\s+resolute\s+axios-retry$/.test(l))).toBeDefined();
    const row = (label: string): string[] => {
      const line = lines.find((l) => l.startsWith(label));
      expect(line, label).toBeDefined();
      return line!.slice(label.length).trim().split(/\s{2,}/);
    };
    expect(row('intents (orders + 2FA withdrawals)')).toEqual(['33', '33']);
    expect(row('duplicates (applied twice or more)')[0]).toBe('0');
    expect(row('lost (client got the outcome wrong)')[0]).toBe('0');
    expect(row('applied by the exchange')[0]).toBe('33');
    expect(row('OTP prompts (2FA)')[1]).toBe('—');
    expect(row('verifications applied / absent')[0]).toMatch(/^\d+ \/ \d+$/);
    expect(out.stdout).toMatch(/axios-retry resent \d+ orders? blindly/);
    expect(out.stdout).toMatch(/resolute resent no order blindly/);
    expect(out.stdout).toMatch(/all 3 of its withdrawals ended on the exchange's "2FA required" answer/);
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    // stderr is not a terminal here: plain progress lines, one start and one end line per contender
    expect(out.stderr).toMatch(/^ {2}resolute: 43 tasks$/m);
    expect(out.stderr).toMatch(/^ {2}resolute: 43\/43 done {2}ok 43 {2}failed 0 {2}in doubt 0 /m);
    expect(out.stderr).toMatch(/^ {2}axios-retry: 43\/43 done /m);
    expect(out.stderr).not.toContain('\r');
  });

  test('on a terminal the progress is a live bar redrawn with \\r', async () => {
    const out = await run(['--intents', '10', '--dialect', 'alp'], true);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('\r  resolute    ');
    // 10 orders, 3 reads, 3 withdrawals
    expect(out.stderr).toMatch(/\r {2}resolute {4}█{28} 16\/16 {2}ok 16 {2}failed 0 {2}in doubt 0 +\d+\.\d s\x1b\[K\n/);
    expect(out.stderr).toMatch(/\r {2}axios-retry █{28} 16\/16 {2}ok \d+ {2}failed \d+ {2}in doubt 0 +\d+\.\d s\x1b\[K\n$/);
    expect(out.stderr.match(/\n/g)).toHaveLength(2); // one finished bar per contender
  });
});

describe('flags', () => {
  test.each([['--help'], ['-h'], ['--intents', '5', '--help']])('%s → usage on stdout, exit 0, nothing run', async (...argv) => {
    const out = await run(argv);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: npm start -- \[flags\]/);
    for (const flag of ['--dialect', '--intents', '--seed', '--json', '--help']) expect(out.stdout).toContain(flag);
    expect(out.stdout.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(out.stderr).toBe('');
  });

  test.each([
    [['--bogus'], 'unknown flag --bogus'],
    [['--dialect', 'kraken'], 'unknown dialect "kraken" (known: orderly, alp, infinex, batchdata)'],
    [['--dialect'], '--dialect needs a value'],
    [['--intents', '0'], '--intents must be a positive integer, got "0"'],
    [['--intents', '-5'], '--intents must be a positive integer, got "-5"'],
    [['--intents', '2.5'], '--intents must be a positive integer, got "2.5"'],
    [['--intents=many'], '--intents must be a positive integer, got "many"'],
    [['--intents', '999999'], '--intents must be at most 5000, got 999999'],
    [['--seed', '1.5'], '--seed must be an integer, got "1.5"'],
    [['--seed', '--json'], '--seed needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['orderly'], 'unexpected argument "orderly"'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const out = await run(argv);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`resolute demo: ${message} (see --help)\n`);
  });
});
