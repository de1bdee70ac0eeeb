/**
 * The recent grants of a key (time, weight, units in flight just after), newest last, in a ring buffer.
 *
 * An answer's `remaining` cannot include any unit that was still unanswered when its request left (those may
 * have hit the server after it) nor any granted after it: `uncountedBy` gives that sum exactly, from the
 * grant its request got (the newest at or before the time it left). Units answered before it left hit the
 * server before it, so they are counted. No ordering of answers is assumed.
 * @module
 */

const SIZE = 256;

/** The last `SIZE` grants of a key. */
export class GrantLog {
  private readonly times = new Float64Array(SIZE);
  private readonly weights = new Float64Array(SIZE);
  private readonly inFlight = new Float64Array(SIZE);
  private next = 0;
  private count = 0;

  /** Records `weight` units granted at `at`, with `inFlightAfter` units unanswered once granted. */
  record(at: number, weight: number, inFlightAfter = 0): void {
    this.times[this.next] = at;
    this.weights[this.next] = weight;
    this.inFlight[this.next] = inFlightAfter;
    this.next = (this.next + 1) % SIZE;
    if (this.count < SIZE) this.count++;
  }

  /** Units granted at or after `t` (all the log holds, when it does not reach back that far). */
  since(t: number): number {
    return this.sum(t) ?? this.sum(-Infinity)!;
  }

  /** Units granted at or after `t`, or `undefined` when the log does not reach back that far (it may hold too few). */
  within(t: number): number | undefined {
    return this.sum(t);
  }

  /**
   * Units an answer to a request of `weight` that left at `sentAt` cannot count: those unanswered when its
   * grant was made (itself excluded) and those granted since; `undefined` when the log does not reach back.
   */
  uncountedBy(sentAt: number, weight: number): number | undefined {
    let after = 0;
    for (let i = 1; i <= this.count; i++) {
      const k = (this.next - i + SIZE) % SIZE;
      if (this.times[k]! <= sentAt) return Math.max(0, this.inFlight[k]! + after - weight);
      after += this.weights[k]!;
    }
    return undefined;
  }

  private sum(t: number): number | undefined {
    let sum = 0;
    for (let i = 1; i <= this.count; i++) {
      const k = (this.next - i + SIZE) % SIZE;
      if (this.times[k]! < t) return sum;
      sum += this.weights[k]!;
    }
    return this.count < SIZE ? sum : undefined;
  }
}
