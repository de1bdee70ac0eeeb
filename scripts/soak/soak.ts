/**
 * `npm run soak` — the storm soak (issue 11): crash points (SIGKILLed workers with a file journal and a Redis
 * journal), the fault-sequence properties at scale, and the 50,000-body fuzz. Prints a summary table per part
 * and exits 1 when an invariant broke.
 *
 *   npm run soak                              # full: 200 runs per journal, 3,000 property runs, the body fuzz
 *   npm run soak -- --runs 20 --journals file --no-properties --no-fuzz
 *   npm run soak -- --json soak.json          # also write the figures as JSON
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JournalSoak, runSoak } from './driver.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const runs = Number(flag('--runs') ?? 200);
const journals = (flag('--journals') ?? 'file,redis').split(',') as Array<'file' | 'redis'>;
const propertyRuns = Number(flag('--property-runs') ?? 3_000);
const fuzzBodies = Number(flag('--fuzz-bodies') ?? 50_000);
const seed = Number(flag('--seed') ?? Date.now() % 100_000);
const figures: Record<string, unknown> = { seed, node: process.version };
let failed = false;

const log = (s: string): void => void process.stderr.write(`  ${s}\n`);
const pad = (s: unknown, n: number): string => String(s).padStart(n);

function crashTable(rows: readonly JournalSoak[]): void {
  console.log('\nCrash points (SIGKILL at random moments; a last process reconciles; judged against the ledger):');
  console.log('  later: applied orders whose caller was killed first, reported by a later process (reconcilePending or outcomeOf)');
  console.log(`${'journal'.padEnd(8)}${pad('runs', 6)}${pad('kills', 7)}${pad('(start/rec/send)', 18)}${pad('rec-kills', 10)}${pad('intents', 9)}${pad('effects', 9)}${pad('later', 7)}${pad('dupl.', 7)}${pad('unrep.', 8)}${pad('false', 7)}${pad('untyped', 9)}${pad('refused', 9)}${pad('in doubt', 10)}${pad('wall s', 8)}`);
  for (const r of rows) {
    const v = r.verdict;
    const kills = r.kills.startup + r.kills.reconcile + r.kills.sending;
    const split = `${r.kills.startup}/${r.kills.reconcile}/${r.kills.sending}`;
    console.log(
      `${r.journal.padEnd(8)}${pad(r.runs, 6)}${pad(kills, 7)}${pad(split, 18)}${pad(r.reconcilerKills, 10)}${pad(v.intents, 9)}${pad(v.effects, 9)}${pad(v.reportedLater, 7)}${pad(v.duplicates, 7)}${pad(v.unreported.length, 8)}${pad(v.falseReports.length, 7)}${pad(v.untyped.length, 9)}${pad(r.refused, 9)}${pad(r.pendingLeft, 10)}${pad((r.wallMs / 1000).toFixed(0), 8)}`,
    );
    for (const x of [...v.unreported, ...v.falseReports, ...v.untyped, ...r.refusals].slice(0, 20)) console.log(`    ${x}`);
    if (r.unkilled) console.log(`    ${r.unkilled} worker(s) exited before their kill`);
    if (v.duplicates || v.unreported.length || v.falseReports.length || v.untyped.length || r.refused || r.unkilled) failed = true;
  }
}

function properties(): void {
  const out = join(mkdtempSync(join(tmpdir(), 'resolute-props-')), 'stats.json');
  const t0 = Date.now();
  const r = spawnSync('npx', ['vitest', 'run', 'test/properties/faults.test.ts', '-t', 'generated scenarios'], {
    cwd: ROOT,
    env: { ...process.env, PROPERTY_RUNS: String(propertyRuns), PROPERTY_STATS: out, PROPERTY_SEED: String(seed) },
    encoding: 'utf8',
  });
  const stats = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : undefined;
  figures.properties = { ...stats, passed: r.status === 0 };
  console.log(`\nFault-sequence properties (test/properties, seed ${seed}): ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (stats) console.log(`  ${JSON.stringify(stats)}`);
  if (r.status !== 0) {
    failed = true;
    console.log(r.stdout.slice(-6_000));
  }
}

/** Hook for scripts/fuzz-bodies.ts (the typed-bodies work): runs it when present. */
function fuzz(): void {
  const script = join(ROOT, 'scripts', 'fuzz-bodies.ts');
  if (!existsSync(script)) {
    console.log('\nBody fuzz: scripts/fuzz-bodies.ts is not on this branch yet: skipped.');
    figures.fuzz = 'absent';
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'resolute-fuzz-'));
  const out = join(dir, 'fuzz.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, String(fuzzBodies), '--seed', String(seed), '--json', out], { cwd: ROOT, encoding: 'utf8' });
  const summary = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { msPerBody?: { p50?: number; p99?: number; max?: number }; rejectionsOutsideSet?: number; crashes?: number; runs?: number }) : undefined;
  rmSync(dir, { recursive: true, force: true });
  figures.fuzz = summary ?? { exit: r.status };
  console.log(`\nBody fuzz (scripts/fuzz-bodies.ts, ${fuzzBodies} bodies): ${r.status === 0 ? 'passed' : 'FAILED'}`);
  const ms = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(2));
  if (summary) {
    const t = summary.msPerBody;
    console.log(`  bodies ${summary.runs}, rejections outside the set ${summary.rejectionsOutsideSet}, crashes ${summary.crashes}; ms per body p50 ${ms(t?.p50)}, p99 ${ms(t?.p99)}, max ${ms(t?.max)}`);
  }
  if (r.status !== 0) {
    failed = true;
    console.log(`${r.stdout.slice(-3_000)}${r.stderr.slice(-3_000)}`);
  }
}

console.log(`resolute soak: ${runs} runs per journal (${journals.join(', ')}), seed ${seed}`);
const t0 = Date.now();
const rows = await runSoak({ runs, journals, seed, log });
figures.crash = rows;
crashTable(rows);
if (!args.includes('--no-properties')) properties();
if (!args.includes('--no-fuzz')) fuzz();
figures.wallSeconds = Math.round((Date.now() - t0) / 1000);
console.log(`\nsoak ${failed ? 'FAILED' : 'passed'} in ${figures.wallSeconds} s`);
const json = flag('--json');
if (json) writeFileSync(json, JSON.stringify(figures, null, 2));
process.exit(failed ? 1 : 0);
