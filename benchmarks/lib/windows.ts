/**
 * Time inside the server's Retry-After windows: the union of the windows a server announced, and how much of a
 * contender's run lay inside it. Times are ms since the epoch (`Date.now()` on both sides of loopback).
 */

/** A half-open interval [from, until). */
export interface Interval {
  readonly from: number;
  readonly until: number;
}

/** The union of `intervals` as disjoint intervals, sorted by start (empty ones dropped). */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.until > i.from).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.from <= last.until) out[out.length - 1] = { from: last.from, until: Math.max(last.until, i.until) };
    else out.push({ from: i.from, until: i.until });
  }
  return out;
}

/** How many ms of [from, until) lie inside the union of `windows`. */
export function insideMs(windows: readonly Interval[], from: number, until: number): number {
  let ms = 0;
  for (const w of union(windows)) ms += Math.max(0, Math.min(until, w.until) - Math.max(from, w.from));
  return ms;
}
