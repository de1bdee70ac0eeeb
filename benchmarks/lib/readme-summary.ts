/**
 * The README's benchmark section, made from the JSON results so it is always the last full run's figures:
 * `npm run bench` rewrites what stands between `<!-- bench:start -->` and `<!-- bench:end -->`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './measure.js';
import { verdictMarkdown } from './report.js';

type Saved = BenchResult & { machine: string; command: string; date: string };
type Row = Record<string, string | number>;

function load(dir: string, name: string): Saved | undefined {
  const p = join(dir, `${name}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Saved) : undefined;
}

function table(rows: readonly Row[], cols: readonly string[]): string {
  const present = cols.filter((c) => rows.some((r) => c in r));
  return [`| ${present.join(' | ')} |`, `| ${present.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${present.map((c) => String(r[c] ?? '')).join(' | ')} |`)].join('\n');
}

/** The chaos columns the README shows (those a result lacks are left out). */
const CHAOS_COLUMNS = [
  'contender',
  'succeeded',
  'duplicates',
  'lost',
  'indeterminate (told)',
  'requests / intent',
  'inside Retry-After',
  'sent inside Retry-After',
  'wall s',
  'wall outside Retry-After s',
  'p50 ms (succeeded)',
  'p99 ms (succeeded)',
  'to certainty p50 ms',
  'to certainty p99 ms',
];

/** A result's verdicts, one paragraph each. */
function verdicts(r: Saved): string[] {
  return (r.verdicts ?? []).map(verdictMarkdown);
}

/** The Markdown of the README section. */
export function readmeSummary(dir: string): string {
  const parts: string[] = [];
  const overhead = load(dir, 'overhead');
  const chaos = load(dir, 'chaos-no-id');
  const chaosId = load(dir, 'chaos');
  const overload = load(dir, 'overload');
  const dist = load(dir, 'distributed');
  const outage = load(dir, 'outage');
  const limiters = load(dir, 'limiters');
  const independent = load(dir, 'chaos-independent');
  const binance = load(dir, 'chaos-binance');
  const real = load(dir, 'real-servers');
  const any = overhead ?? chaos ?? overload;
  if (any) parts.push(`Last full run: \`${any.command}\` on ${any.machine}, ${any.date.slice(0, 16).replace('T', ' ')} UTC.`);
  if (chaos) {
    parts.push(`**Chaos** — ${chaos.title}.`, table(chaos.rows, CHAOS_COLUMNS), ...verdicts(chaos));
    if (chaosId) {
      const r = chaosId.rows.find((x) => x.contender === 'resolute');
      const worst = [...chaosId.rows].filter((x) => x.contender !== 'resolute').sort((a, b) => Number(b.lost) - Number(a.lost))[0];
      if (r && worst) parts.push(`With the caller's own \`client_order_id\` (the exchange refuses a second order with it): resolute ${r.duplicates} duplicates / ${r.lost} lost; ${worst.contender} ${worst.duplicates} / ${worst.lost} (placed orders reported as failed).`);
      parts.push(...verdicts(chaosId).map((v) => `With the caller's own \`client_order_id\`: ${v}`));
    }
    parts.push('![Chaos: intents lost or duplicated](benchmarks/results/chaos-no-id-outcomes.svg)');
  }
  if (independent) parts.push(`**Chaos on an independent server** — ${independent.title}.`, table(independent.rows, CHAOS_COLUMNS), ...verdicts(independent));
  if (binance) parts.push(`**Chaos on Binance** — ${binance.title}.`, table(binance.rows, CHAOS_COLUMNS), ...verdicts(binance));
  if (real) {
    parts.push(`**Real rate-limited servers** — ${real.title}.`, table(real.rows, ['server', 'contender', 'wall s', 'successes/s, % of limit', '429s received', 'failed', 'p99 ms']), ...verdicts(real));
  }
  if (overhead) {
    parts.push(`**Overhead** — ${overhead.title}.`, table(overhead.rows, ['contender', 'µs/call (stub)', 'added µs', 'ratio to raw', 'req/s (loopback)']));
  }
  if (overload) parts.push(`**Overload** — ${overload.title}.`, table(overload.rows, ['contender', 'amplification (overall)', 'amplification (outage)', 'succeeded', 'failed fast (budget)', 'p99 ms (succeeded)']));
  if (outage) parts.push(`**Outage** — ${outage.title}.`, table(outage.rows, ['contender', 'sends in the outage', 'vs breaker: false', 'ms to resume after it', 'within one probe interval', 'succeeded', 'CircuitOpenError']));
  if (dist) parts.push(`**Distributed** — ${dist.title}.`, table(dist.rows, ['processes', 'limit / s', 'seconds', 'max in any 1000 ms', 'windows over 50', 'utilization']));
  if (limiters) parts.push(`**Limiters** — ${limiters.title}.`, table(limiters.rows, ['limiter', 'µs / acquire (median)', 'µs over none']));
  return parts.join('\n\n');
}

/** Rewrites the README section between the markers; returns false when the markers are missing. */
export function updateReadme(readmePath: string, dir: string): boolean {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) return false;
  const next = `${text.slice(0, start)}<!-- bench:start -->\n${readmeSummary(dir)}\n${text.slice(end)}`;
  writeFileSync(readmePath, next);
  return true;
}
