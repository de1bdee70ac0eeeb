/**
 * Measures the granted rate of a key (units of weight per second) with a sliding-window counter: two
 * one-second buckets, the previous one weighted by how much of it still overlaps the last second.
 * @module
 */

/** A sliding one-second rate meter. */
export class RateMeter {
  private start = -Infinity;
  private cur = 0;
  private prev = 0;

  /** Records `weight` units granted at `now`. */
  record(now: number, weight: number): void {
    if (now - this.start >= 1000) this.roll(now);
    this.cur += weight;
  }

  /** Units granted over the last second, as of `now`. */
  rate(now: number): number {
    if (now - this.start >= 1000) this.roll(now);
    const f = (now - this.start) / 1000;
    return this.prev * (1 - f) + this.cur;
  }

  private roll(now: number): void {
    const d = now - this.start;
    if (d >= 2000) {
      this.prev = 0;
      this.start = now;
    } else {
      this.prev = this.cur;
      this.start += 1000;
    }
    this.cur = 0;
  }
}
