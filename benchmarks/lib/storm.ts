/**
 * The storm columns of a chaos run (issue 10): wall time outside the server's Retry-After windows, latency of the
 * intents that succeeded, and time to certainty of the ambiguous ones (those that met a 504, a reset or another
 * maybe-applied fault): from the intent's start until the caller knew its outcome (success, typed failure or
 * in-doubt error).
 */
import type { DriveResult } from './drive.js';
import { fmt, percentile } from './measure.js';
import { insideMs, type Interval } from './windows.js';

/** What one contender's run measured. */
export interface StormFigures {
  readonly wallS: number;
  /** Wall time minus the part of it inside the union of the server's Retry-After windows. */
  readonly outsideS: number;
  readonly okP50Ms: number;
  readonly okP99Ms: number;
  /** Intents that met at least one maybe-applied fault. */
  readonly ambiguous: number;
  readonly certaintyP50Ms: number;
  readonly certaintyP99Ms: number;
}

/** The figures of `run`, given the windows the server announced and the intents that met ambiguity. */
export function stormFigures(run: DriveResult, windows: readonly Interval[], ambiguous: ReadonlySet<string>): StormFigures {
  const ok = run.intents.filter((i) => i.outcome === 'succeeded').map((i) => i.ms);
  const doubt = run.intents.filter((i) => ambiguous.has(i.id)).map((i) => i.ms);
  const inside = insideMs(windows, run.startedAt, run.endedAt);
  return {
    wallS: run.wallMs / 1000,
    outsideS: Math.max(0, run.wallMs - inside) / 1000,
    okP50Ms: percentile(ok, 50),
    okP99Ms: percentile(ok, 99),
    ambiguous: doubt.length,
    certaintyP50Ms: percentile(doubt, 50),
    certaintyP99Ms: percentile(doubt, 99),
  };
}

/** Whole milliseconds, or a dash when there was nothing to measure. */
function ms(n: number): string {
  return Number.isFinite(n) ? fmt(n, 0) : '—';
}

/** The figures as table columns (after the scenario's own). */
export function stormColumns(f: StormFigures): Record<string, string | number> {
  return {
    'wall s': fmt(f.wallS, 1),
    'wall outside Retry-After s': fmt(f.outsideS, 1),
    'p50 ms (succeeded)': ms(f.okP50Ms),
    'p99 ms (succeeded)': ms(f.okP99Ms),
    ambiguous: f.ambiguous,
    'to certainty p50 ms': ms(f.certaintyP50Ms),
    'to certainty p99 ms': ms(f.certaintyP99Ms),
  };
}

/** The notes explaining {@link stormColumns}. */
export const STORM_NOTES: readonly string[] = [
  'wall outside Retry-After: the run\'s wall time minus the part of it inside the union of every Retry-After window the server announced to this contender (from the moment it sent the 429 until the announced end), i.e. the time nobody asked the contender to wait',
  'p50/p99 ms (succeeded): from an intent\'s start until the caller had its success; ambiguous: intents that met at least one 504, connection reset or other maybe-applied fault at the server; to certainty: from such an intent\'s start until the caller knew its outcome (success, typed failure or in-doubt error), whether or not that outcome was right (see lost)',
];
