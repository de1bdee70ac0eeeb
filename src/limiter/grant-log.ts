/**
 * The recent grants of a key (time, weight), newest last, in a ring buffer: how many units were granted since
 * a given time. An answer's `remaining` cannot count the units granted after its request was sent, whatever
 * order the answers come back in, so the advertised quota subtracts them.
 * @module
 */

const SIZE = 256;

/** The last `SIZE` grants of a key. */
export class GrantLog {
  private readonly times = new Float64Array(SIZE);
  private readonly weights = new Float64Array(SIZE);
  private next = 0;
  private count = 0;

  /** Records `weight` units granted at `at`. */
  record(at: number, weight: number): void {
    this.times[this.next] = at;
    this.weights[this.next] = weight;
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
