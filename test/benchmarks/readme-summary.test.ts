import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeSummary } from '../../benchmarks/lib/readme-summary.js';

const row = (contender: string, wallOutside: string) => ({
  contender,
  succeeded: 1000,
  duplicates: 0,
  lost: 0,
  'inside Retry-After': 3,
  'sent inside Retry-After': 0,
  'wall s': '9.0',
  'wall outside Retry-After s': wallOutside,
  'p50 ms (succeeded)': '12',
  'p99 ms (succeeded)': '900',
  'to certainty p50 ms': '400',
  'to certainty p99 ms': '1500',
});
const saved = (name: string, pass: boolean) => ({
  name,
  title: `${name} title`,
  rows: [row('resolute', '4.0'), row('p-retry around axios', '0.1')],
  verdicts: [{ target: 'issue 10', pass, checks: [{ check: '0 lost (0)', pass: true }, { check: 'wall', pass }] }],
  machine: 'm',
  command: 'npm run bench',
  date: '2026-01-01T00:00:00.000Z',
});

describe('README benchmark summary', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the storm columns and each chaos run\'s target verdict, the independent server included', () => {
    dir = mkdtempSync(join(tmpdir(), 'summary-'));
    for (const [name, pass] of [['chaos-no-id', false], ['chaos', true], ['chaos-independent', false]] as const) {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(saved(name, pass)));
    }
    const md = readmeSummary(dir);
    expect(md).toContain('| contender | succeeded | duplicates | lost | inside Retry-After | sent inside Retry-After | wall s | wall outside Retry-After s | p50 ms (succeeded) | p99 ms (succeeded) | to certainty p50 ms | to certainty p99 ms |');
    expect(md).toContain('**Chaos on an independent server** — chaos-independent title.');
    expect(md.match(/\*\*Target \(issue 10\): FAIL\*\* — ✓ 0 lost \(0\) · ✗ wall/g)).toHaveLength(2);
    expect(md).toContain('With the caller\'s own `client_order_id`: **Target (issue 10): PASS** — ✓ 0 lost (0) · ✓ wall');
  });
});
