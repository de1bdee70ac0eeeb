/**
 * The big body fuzz, for the soak: `npx tsx scripts/fuzz-bodies.ts [runs] [--seed N] [--json out.json]`
 * (default 50,000 runs). Hostile error bodies × the five profiles × statuses × methods through the whole executor
 * (test/helpers/fuzz-bodies.ts); prints the outcome counts, rejections outside the set, crashes, and the time per
 * body (p50, p99, max). Exits 1 on any problem, with fast-check's shrunk counterexample and seed.
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { bodyCase, checkCase, percentile, runCase } from '../test/helpers/fuzz-bodies.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 50_000);
const seed = flag('--seed') === undefined ? Date.now() ^ (Math.random() * 2 ** 31) : Number(flag('--seed'));
const jsonOut = flag('--json');
/** The executor's default deadline: a body is never allowed to take longer than the request it answers may. */
const MAX_MS_PER_BODY = 30_000;

const times: number[] = [];
const outcomes: Record<string, number> = {};
const byProfile: Record<string, number> = {};
let crashes = 0;
let outside = 0;
process.on('unhandledRejection', () => void crashes++);
process.on('uncaughtException', () => void crashes++);

const t0 = performance.now();
let problem: string | undefined;
try {
  await fc.assert(
    fc.asyncProperty(bodyCase, async (c) => {
      const r = await runCase(c);
      times.push(r.ms);
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      byProfile[c.profile] = (byProfile[c.profile] ?? 0) + 1;
      if (r.outcome === 'other') outside++;
      const p = checkCase(r, MAX_MS_PER_BODY);
      if (p.length > 0) throw new Error(p.join('; '));
      if (times.length % 5_000 === 0) process.stderr.write(`  ${times.length} bodies…\n`);
    }),
    { numRuns: runs, seed, endOnFailure: false },
  );
} catch (e) {
  problem = e instanceof Error ? e.message : String(e);
}

const summary = {
  runs: times.length,
  seed,
  outcomes,
  byProfile,
  rejectionsOutsideSet: outside,
  crashes,
  msPerBody: { p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(0, ...times) },
  totalSeconds: (performance.now() - t0) / 1000,
  node: process.version,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
if (problem !== undefined || crashes > 0 || outside > 0) {
  const shown = problem !== undefined && problem.length > 4_000 ? `${problem.slice(0, 4_000)}… (${problem.length} characters)` : problem;
  process.stderr.write(`\nFAILED${shown ? `:\n${shown}` : ''}\n`);
  process.exit(1);
}
