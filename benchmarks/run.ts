/**
 * `npm run bench`: every scenario side by side, one run, results printed and written to benchmarks/results/
 * (JSON and Markdown). `--quick` for a smoke run; `--only name,name` to pick scenarios.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './lib/measure.js';

type Scenario = { name: string; load: () => Promise<{ run(opts: { quick?: boolean }): Promise<BenchResult> }> };

const scenarios: Scenario[] = [
  { name: 'overhead', load: () => import('./overhead.js') },
  { name: 'journal', load: () => import('./journal.js') },
];

function markdown(r: BenchResult): string {
  const cols = Object.keys(r.rows[0] ?? {});
  const lines = [`### ${r.title}`, '', `| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`];
  for (const row of r.rows) lines.push(`| ${cols.map((c) => String(row[c])).join(' | ')} |`);
  if (r.notes?.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice(7) ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const outDir = join(import.meta.dirname, 'results');
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const results: BenchResult[] = [];
for (const s of scenarios) {
  if (only && !only.has(s.name)) continue;
  const t0 = Date.now();
  process.stderr.write(`\n▶ ${s.name}…\n`);
  const r = await (await s.load()).run({ quick });
  results.push(r);
  console.log(`\n${markdown(r)}\n(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  writeFileSync(join(outDir, `${r.name}.json`), `${JSON.stringify({ ...r, machine, command: `npm run bench${quick ? ' -- --quick' : ''}`, date: new Date().toISOString() }, null, 2)}\n`);
}
const header = `# Benchmark results\n\nCommand: \`npm run bench${quick ? ' -- --quick' : ''}\` · machine: ${machine} · ${new Date().toISOString().slice(0, 10)} · total ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
if (!only) writeFileSync(join(outDir, 'README.md'), `${header}\n${results.map(markdown).join('\n\n')}\n`);
process.exit(0);
