/**
 * A sliding log: the grants of the last `intervalMs`, so that no window of that length (sliding, hence also
 * any fixed window a server counts in) ever holds more than `limit` units. GCRA spaces grants evenly; this
 * makes the configured limit exact even when timers fire late and GCRA catches up on the slots they missed.
 * A ring buffer of (time, weight), grown on demand; O(1) amortized per grant.
 * @module
 */

/** The grants of the last interval. */
export class SlidingLog {
  private times: Float64Array;
  private weights: Float64Array;
  private head = 0;
  private size = 0;
  /** Units granted inside the window as of the last `expire`. */
  private sum = 0;

  constructor(
    /** Units allowed per `intervalMs` (may change: an advertised quota is learned). */
    public limit: number,
    public intervalMs: number,
  ) {
    const n = Math.min(1 << 16, Math.max(16, Math.ceil(limit) + 1));
    this.times = new Float64Array(n);
    this.weights = new Float64Array(n);
  }

  /** The earliest time, not before `now`, at which `weight` units fit (a heavier request waits for an empty window). */
  earliest(now: number, weight: number): number {
    this.expire(now);
    const excess = this.sum + weight - this.limit;
    if (excess <= 0 || this.size === 0) return now;
    let freed = 0;
    for (let i = 0; i < this.size; i++) {
      const k = (this.head + i) % this.times.length;
      freed += this.weights[k]!;
      if (freed >= excess - 1e-9) return this.times[k]! + this.intervalMs;
    }
    return this.times[(this.head + this.size - 1) % this.times.length]! + this.intervalMs;
  }

  /** Records `weight` units granted at `at`. */
  record(at: number, weight: number): void {
    if (!(weight > 0)) return;
    if (this.size === this.times.length) this.grow();
    const k = (this.head + this.size) % this.times.length;
    this.times[k] = at;
    this.weights[k] = weight;
    this.size++;
    this.sum += weight;
  }

  /** True when the log holds no grant inside the window ending at `now`. */
  isEmpty(now: number): boolean {
    this.expire(now);
    return this.size === 0;
  }

  private expire(now: number): void {
    const from = now - this.intervalMs;
    while (this.size > 0 && this.times[this.head]! <= from) {
      this.sum -= this.weights[this.head]!;
      this.head = (this.head + 1) % this.times.length;
      this.size--;
    }
    if (this.size === 0) this.sum = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const weights = new Float64Array(n);
    for (let i = 0; i < this.size; i++) {
      const k = (this.head + i) % this.times.length;
      times[i] = this.times[k]!;
      weights[i] = this.weights[k]!;
    }
    this.times = times;
    this.weights = weights;
    this.head = 0;
  }
}
