/**
 * Issue 10's first "Done when" line, checked on one chaos run: resolute keeps 0 duplicates, 0 lost, 0 sends inside
 * a Retry-After window, completes at least as many intents as p-retry around axios, and its wall time outside the
 * server's Retry-After windows is at most 2× p-retry's in the same run.
 *
 * "p-retry's" is read as p-retry's whole wall time, as the issue's own figures do (171 s outside the windows =
 * 66 × p-retry's 2.6 s wall): p-retry never waits in a window, so all of its wall time is its own; the part of its
 * run the windows happen not to cover is no measure of anything (0 s when 429s come often enough).
 */
import { fmt, type Verdict } from './measure.js';

/** The figures of one contender the target looks at. */
export interface StormTally {
  readonly name: string;
  readonly succeeded: number;
  readonly duplicates: number;
  readonly lost: number;
  /** Requests sent while a window the server had announced was open (not those already on the wire). */
  readonly sentInsideRetryAfter: number;
  readonly wallS: number;
  readonly outsideS: number;
}

/** The contender judged, and the peer it is judged against. */
export const SUBJECT = 'resolute';
export const BASELINE = 'p-retry around axios';
/** Wall outside the windows may be at most this many times the baseline's. */
export const WALL_RATIO = 2;

/** The verdict on `tallies` for `subject`, or undefined when the run lacks the subject or the baseline. */
export function stormTarget(tallies: readonly StormTally[], subject: string = SUBJECT): Verdict | undefined {
  const r = tallies.find((t) => t.name === subject);
  const p = tallies.find((t) => t.name === BASELINE);
  if (r === undefined || p === undefined) return undefined;
  const checks = [
    { check: `0 duplicates (${r.duplicates})`, pass: r.duplicates === 0 },
    { check: `0 lost (${r.lost})`, pass: r.lost === 0 },
    { check: `0 sends inside a Retry-After window (${r.sentInsideRetryAfter})`, pass: r.sentInsideRetryAfter === 0 },
    { check: `succeeded ≥ ${BASELINE}'s (${r.succeeded} vs ${p.succeeded})`, pass: r.succeeded >= p.succeeded },
    {
      check: `wall outside Retry-After ≤ ${WALL_RATIO} × ${BASELINE}'s wall (${fmt(r.outsideS, 1)} s vs ${WALL_RATIO} × ${fmt(p.wallS, 1)} s: ${fmt(r.outsideS / p.wallS, 1)}×)`,
      pass: r.outsideS <= WALL_RATIO * p.wallS,
    },
  ];
  return { target: `issue 10, chaos: ${subject} against ${BASELINE} in the same run`, pass: checks.every((c) => c.pass), checks };
}
