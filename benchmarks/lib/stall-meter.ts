/**
 * Measures when a process could not run (a loaded CPU, a long GC): a timer ticks every `tickMs`, and a tick that
 * comes more than `thresholdMs` late marks the time since the previous tick (less one tick) as a stall. During a
 * stall of the client no library can send, and during one of the server nothing is served, so a test that measures
 * a rate against a real server can say how much of its wall time both processes actually had.
 */

/** A stall: [epoch ms it began, its length in ms]. */
export type Stall = readonly [number, number];

/** A running meter. */
export interface StallMeter {
  /** The stalls so far. */
  stalls(): readonly Stall[];
  /** Stops the meter and returns its stalls. */
  stop(): readonly Stall[];
}

/** Starts a meter (an unref'd interval: it never keeps the process alive). */
export function startStallMeter(tickMs = 10, thresholdMs = 50): StallMeter {
  let last = Date.now();
  const found: Stall[] = [];
  const timer = setInterval(() => {
    const now = Date.now();
    const late = now - last - tickMs;
    if (late > thresholdMs) found.push([last + tickMs, late]);
    last = now;
  }, tickMs);
  timer.unref();
  return {
    stalls: () => found.slice(),
    stop() {
      clearInterval(timer);
      return found.slice();
    },
  };
}

/** How many ms of [from, to) lie in at least one of the stalls (overlaps counted once). */
export function stalledWithin(stalls: readonly Stall[], from: number, to: number): number {
  const cut = stalls
    .map(([at, ms]): [number, number] => [Math.max(at, from), Math.min(at + ms, to)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of cut) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
