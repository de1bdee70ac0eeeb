/** The README's quick start runs as written and buys once. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

test('examples/quickstart.ts (the README example) places exactly one order through a 504', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'examples', 'quickstart.ts')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  expect(out).toMatch(/placed \(confirmed by lookup after a 504\) [0-9a-f-]{36}/);
  expect(out).toMatch(/orders the exchange applied: 1\n/);
});

test('the README shows the example verbatim', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = readFileSync(join(root, 'examples', 'quickstart.ts'), 'utf8');
  const body = example.slice(example.indexOf("import axios"));
  expect(readme).toContain(body.trim());
});
