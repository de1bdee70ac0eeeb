/**
 * Delays that can all be cancelled at once, so closing the simulator leaves no timer behind.
 * @module
 */

/** A set of pending `setTimeout`s created through {@link TimerSet.delay}. */
export class TimerSet {
  readonly #pending = new Set<NodeJS.Timeout>();

  /** Resolves after `ms` milliseconds (at once for `ms <= 0`); never resolves once {@link clearAll} ran. */
  delay(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve();
      }, ms);
      this.#pending.add(timer);
    });
  }

  /** Clears every pending delay. */
  clearAll(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  /** Number of pending delays. */
  get size(): number {
    return this.#pending.size;
  }
}
