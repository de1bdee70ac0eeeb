/**
 * `npm run bench`: every scenario side by side, one run; each prints its table and writes its JSON and SVG
 * charts to benchmarks/results/, and the full run writes benchmarks/results/README.md (every table, with the
 * charts as images). `--quick` for a smoke run; `--only name,name` to pick scenarios (no README then).
 * Each scenario also runs alone: `npx tsx benchmarks/<name>.ts [--quick]`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './lib/measure.js';
import { MACHINE, RESULTS_DIR, markdown, writeResult } from './lib/report.js';
import { updateReadme } from './lib/readme-summary.js';

type Scenario = { name: string; load: () => Promise<{ run(opts: { quick?: boolean }): Promise<BenchResult> }> };

const scenarios: Scenario[] = [
  { name: 'overhead', load: () => import('./overhead.js') },
  { name: 'limiters', load: () => import('./limiters.js') },
  { name: 'journal', load: () => import('./journal.js') },
  { name: 'chaos', load: () => import('./chaos.js') },
  { name: 'chaos-no-id', load: () => import('./chaos-no-id.js') },
  { name: 'chaos-independent', load: () => import('./chaos-independent.js') },
  { name: 'chaos-binance', load: () => import('./chaos-binance.js') },
  { name: 'overload', load: () => import('./overload.js') },
  { name: 'outage', load: () => import('./outage.js') },
  { name: 'distributed', load: () => import('./distributed.js') },
  { name: 'real-servers', load: () => import('./real-servers.js') },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice(7) ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
if (only) for (const n of only) if (!scenarios.some((s) => s.name === n)) throw new Error(`unknown scenario "${n}" (known: ${scenarios.map((s) => s.name).join(', ')})`);
const command = `npm run bench${quick ? ' -- --quick' : ''}`;
const date = new Date().toISOString();
const started = Date.now();
const sections: string[] = [];
let failed = 0;
for (const s of scenarios) {
  if (only && !only.has(s.name)) continue;
  const t0 = Date.now();
  process.stderr.write(`\n▶ ${s.name}…\n`);
  try {
    const r = await (await s.load()).run({ quick });
    const secs = (Date.now() - t0) / 1000;
    writeResult(r, { command, date });
    sections.push(`${markdown(r)}\n\n_${s.name}: ${secs.toFixed(1)} s_`);
    console.log(`\n${markdown(r)}\n(${secs.toFixed(1)} s)`);
  } catch (error) {
    failed++;
    const msg = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`✖ ${s.name} failed: ${msg}\n`);
    sections.push(`### ${s.name}\n\nFAILED: \`${msg.split('\n')[0]}\``);
  }
}
const total = (Date.now() - started) / 1000;
console.log(`\nall scenarios: ${total.toFixed(1)} s`);
if (!only) {
  const header = `# Benchmark results\n\nCommand: \`${command}\` · machine: ${MACHINE} · ${date.slice(0, 16).replace('T', ' ')} UTC · total ${total.toFixed(0)} s\n\nEvery scenario ran in this one process, one after the other; JSON per scenario and SVG charts beside this file.\n`;
  writeFileSync(join(RESULTS_DIR, 'README.md'), `${header}\n${sections.join('\n\n')}\n`);
  if (!quick && failed === 0) updateReadme(join(import.meta.dirname, '..', 'README.md'), RESULTS_DIR);
}
process.exit(failed > 0 ? 1 : 0);
