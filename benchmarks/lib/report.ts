/**
 * Writing results: a scenario's Markdown table (with its charts as images), its JSON and its SVG charts in
 * benchmarks/results/, and the entry point that lets every scenario file run alone (`npx tsx benchmarks/chaos.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult, Verdict } from './measure.js';
import { barChart } from './svg.js';

/** Where results go. */
export const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

/** The machine, in one line. */
export const MACHINE = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;

/** How a run was started and when, for JSON files and chart captions. */
export interface RunInfo {
  readonly command: string;
  readonly date: string;
}

/** A verdict as one Markdown paragraph: PASS or FAIL, then every check ticked or crossed. */
export function verdictMarkdown(v: Verdict): string {
  return `**Target (${v.target}): ${v.pass ? 'PASS' : 'FAIL'}** — ${v.checks.map((c) => `${c.pass ? '✓' : '✗'} ${c.check}`).join(' · ')}`;
}

/** The result as a Markdown section: table, notes, then its charts as images. */
export function markdown(r: BenchResult): string {
  const cols = Object.keys(r.rows[0] ?? {});
  const lines = [`### ${r.title}`, '', `| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`];
  for (const row of r.rows) lines.push(`| ${cols.map((c) => String(row[c])).join(' | ')} |`);
  for (const v of r.verdicts ?? []) lines.push('', verdictMarkdown(v));
  if (r.notes?.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  for (const c of r.charts ?? []) lines.push('', `![${c.title}](${c.file})`);
  return lines.join('\n');
}

/** Writes `<name>.json` and every chart of `r` into `dir`. */
export function writeResult(r: BenchResult, info: RunInfo, dir = RESULTS_DIR): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${r.name}.json`), `${JSON.stringify({ ...r, machine: MACHINE, ...info }, null, 2)}\n`);
  const caption = [`${info.command} · ${info.date.slice(0, 16).replace('T', ' ')} UTC`, MACHINE];
  for (const c of r.charts ?? []) writeFileSync(join(dir, c.file), barChart(c, caption));
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/**
 * Runs one scenario alone: `npx tsx benchmarks/<name>.ts [--quick]` prints its table and writes its JSON and
 * charts (not the combined README).
 */
export async function standalone(file: string, run: (opts: { quick?: boolean }) => Promise<BenchResult>): Promise<void> {
  const quick = process.argv.includes('--quick');
  const t0 = Date.now();
  const r = await run({ quick });
  console.log(`\n${markdown(r)}\n(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  writeResult(r, { command: `npx tsx benchmarks/${file}${quick ? ' --quick' : ''}`, date: new Date().toISOString() });
  process.exit(0);
}
