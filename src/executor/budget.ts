/**
 * Retry budget (Finagle/Envoy style): retries across one executor are limited to a share of the requests seen
 * in a sliding window, plus a small floor per second, so an outage does not multiply the load.
 * @module
 */
import type { Clock } from '../time.js';

/** Resolved budget settings. */
export interface BudgetSettings {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly ttlMs: number;
}

/** A retry budget shared by every request of one executor. */
export class RetryBudget {
  readonly #s: BudgetSettings;
  readonly #clock: Clock;
  /** Per-second buckets over the window: [second, requests, retries]. */
  readonly #buckets: Array<[number, number, number]>;

  constructor(settings: BudgetSettings, clock: Clock) {
    this.#s = settings;
    this.#clock = clock;
    this.#buckets = Array.from({ length: Math.max(1, Math.ceil(settings.ttlMs / 1000)) }, () => [-1, 0, 0]);
  }

  #bucket(sec: number): [number, number, number] {
    const b = this.#buckets[sec % this.#buckets.length]!;
    if (b[0] !== sec) {
      b[0] = sec;
      b[1] = 0;
      b[2] = 0;
    }
    return b;
  }

  /**
   * Counts a logical request, when its first send goes out (after the limiter): during a 429's pause few
   * first sends go out, and the burst after it deposits together with the retries it brings.
   */
  deposit(): void {
    this.#bucket(Math.floor(this.#clock.now() / 1000))[1]++;
  }

  /**
   * Takes one retry from the budget; false when it is spent (the retry must not happen). A retry is allowed
   * while the last second's retries are under the floor, or while both hold: retries over the whole window stay
   * under `ratio` × its requests (Finagle's budget), and retries over the last second stay under `ratio` × the
   * last second's requests plus the floor. The second bound keeps an outage from spending at once what
   * healthy seconds before it deposited, so load during the outage stays near 1 + ratio.
   */
  withdraw(): boolean {
    const now = this.#clock.now();
    const sec = Math.floor(now / 1000);
    const current = this.#bucket(sec);
    const n = this.#buckets.length;
    let requests = 0;
    let retries = 0;
    for (const [s, req, ret] of this.#buckets) {
      if (s >= 0 && sec - s < n) {
        requests += req;
        retries += ret;
      }
    }
    // the last 1,000 ms: this second's counts plus the unexpired share of the previous second's
    const prev = n > 1 ? this.#buckets[(sec - 1) % n]! : undefined;
    const share = prev && prev[0] === sec - 1 ? 1 - (now % 1000) / 1000 : 0;
    const recentRequests = current[1] + (prev ? prev[1] * share : 0);
    const recentRetries = current[2] + (prev ? prev[2] * share : 0);
    const { ratio, minPerSecond } = this.#s;
    const allowed =
      recentRetries < minPerSecond || (retries < ratio * requests && recentRetries < ratio * recentRequests + minPerSecond);
    if (allowed) current[2]++;
    return allowed;
  }
}
