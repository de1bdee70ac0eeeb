/**
 * `npm start` repeats itself: the same seed prints the same table (wall times aside), in two separate processes;
 * another seed prints another one.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '..', '..', 'demo', 'main.ts');

/** The demo's stdout as `npm start -- <args>` prints it, without the wall-time row. */
async function table(seed: number): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', MAIN, '--intents', '40', '--seed', String(seed)], { timeout: 60_000 });
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('wall time'))
    .join('\n');
}

/** The table alone: from its header line to its closing rule. */
const tableOnly = (text: string): string => {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s+resolute\s+axios-retry$/.test(l));
  const end = lines.findIndex((l, i) => i > start + 1 && l.startsWith('─'));
  return lines.slice(start, end + 1).join('\n');
};

/** The numbers of one table row, e.g. `duplicates (applied twice or more)` → `['0', '3']`. */
const row = (text: string, label: string): string[] =>
  (text.split('\n').find((l) => l.startsWith(label)) ?? '').slice(label.length).trim().split(/\s{2,}/);

describe('npm start repeats itself', () => {
  test('the same seed prints the same table twice; another seed another table', async () => {
    const first = await table(5); // one at a time, as a person runs it twice
    const second = await table(5);
    const other = await table(6);
    expect(row(first, 'intents (orders + 2FA withdrawals)')).toEqual(['43', '43']);
    expect(row(first, 'requests sent')).toHaveLength(2);
    expect(first).toContain('Only the wall times vary');
    expect(second).toBe(first);
    expect(tableOnly(first).split('\n').length).toBeGreaterThan(15);
    expect(tableOnly(other)).not.toBe(tableOnly(first)); // the faults do depend on the seed
  }, 120_000); // three demo processes (tsx start-up included)
});
