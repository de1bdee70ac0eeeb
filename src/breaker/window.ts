/**
 * The sliding window a closed circuit judges by: the last `windowCalls` calls, none older than `windowMs`,
 * kept in ten buckets (so "the last N calls" is exact to a tenth of N). A bucket closes when it holds a tenth
 * of `windowCalls` or has spanned a tenth of `windowMs`. Adding a call allocates nothing.
 * @module
 */
import type { BreakerSettings } from './options.js';

/** Buckets per window. */
export const BUCKETS = 10;

/** Calls a bucket holds before the next one starts. */
export const bucketCalls = (windowCalls: number): number => Math.max(1, Math.ceil(windowCalls / BUCKETS));

/**
 * True when `failures` out of `calls`, the oldest failure `spanMs` ago, open a closed circuit: enough calls,
 * enough of them failed, and the failures kept coming for `minimumSpanMs` (a burst that lands in one instant,
 * such as every request in flight timing out together while this process stalled, is one event, not an outage).
 */
export function shouldOpen(calls: number, failures: number, spanMs: number, s: Pick<BreakerSettings, 'minimumCalls' | 'failureRatio' | 'minimumSpanMs'>): boolean {
  return calls >= s.minimumCalls && failures >= s.failureRatio * calls && spanMs >= s.minimumSpanMs;
}

/** The counts of one key's window. Mutable; owned by one in-process circuit. */
export class OutcomeWindow {
  readonly #start = new Float64Array(BUCKETS);
  readonly #calls = new Uint32Array(BUCKETS);
  readonly #failures = new Uint32Array(BUCKETS);
  /** When each bucket's first failure came (Infinity when it has none). */
  readonly #firstFailure = new Float64Array(BUCKETS);
  readonly #perBucket: number;
  readonly #bucketMs: number;
  readonly #windowCalls: number;
  readonly #windowMs: number;
  #i = 0;
  /** Calls counted by the last `tally`. */
  calls = 0;
  /** Failures counted by the last `tally`. */
  failures = 0;
  /** When the oldest failure counted by the last `tally` came (Infinity when none). */
  oldestFailure = Infinity;

  constructor(s: Pick<BreakerSettings, 'windowCalls' | 'windowMs'>) {
    this.#perBucket = bucketCalls(s.windowCalls);
    this.#bucketMs = s.windowMs / BUCKETS;
    this.#windowCalls = s.windowCalls;
    this.#windowMs = s.windowMs;
    this.#start.fill(-Infinity);
    this.#firstFailure.fill(Infinity);
  }

  /** Counts `n` calls at `now`, `failed` of them failures (a batch lands in one bucket). */
  add(now: number, n: number, failed: number): void {
    let i = this.#i;
    if (this.#calls[i]! >= this.#perBucket || now - this.#start[i]! >= this.#bucketMs) {
      i = (i + 1) % BUCKETS;
      this.#i = i;
      this.#start[i] = now;
      this.#calls[i] = 0;
      this.#failures[i] = 0;
      this.#firstFailure[i] = Infinity;
    }
    this.#calls[i]! += n;
    this.#failures[i]! += failed;
    if (failed > 0 && this.#firstFailure[i] === Infinity) this.#firstFailure[i] = now;
  }

  /**
   * Sums the window at `now` into `calls` and `failures`: buckets from the newest back, while younger than
   * `windowMs` and within `windowCalls` (the newest bucket always counts).
   */
  tally(now: number): void {
    let calls = 0;
    let failures = 0;
    let oldest = Infinity;
    for (let k = 0; k < BUCKETS; k++) {
      const i = (this.#i - k + BUCKETS) % BUCKETS;
      const c = this.#calls[i]!;
      if (c === 0 && k > 0) continue;
      if (now - this.#start[i]! >= this.#windowMs) break;
      if (k > 0 && calls + c > this.#windowCalls) break;
      calls += c;
      failures += this.#failures[i]!;
      if (this.#firstFailure[i]! < oldest) oldest = this.#firstFailure[i]!;
    }
    this.calls = calls;
    this.failures = failures;
    this.oldestFailure = oldest;
  }

  /** Forgets every call (the circuit closed again: it judges afresh). */
  reset(): void {
    this.#start.fill(-Infinity);
    this.#calls.fill(0);
    this.#failures.fill(0);
    this.#firstFailure.fill(Infinity);
    this.#i = 0;
    this.calls = 0;
    this.failures = 0;
    this.oldestFailure = Infinity;
  }
}
