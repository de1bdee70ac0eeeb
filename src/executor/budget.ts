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

  /** Counts a logical request (its first send). */
  deposit(): void {
    this.#bucket(Math.floor(this.#clock.now() / 1000))[1]++;
  }

  /** Takes one retry from the budget; false when it is spent (the retry must not happen). */
  withdraw(): boolean {
    const sec = Math.floor(this.#clock.now() / 1000);
    const current = this.#bucket(sec);
    let requests = 0;
    let retries = 0;
    for (const [s, req, ret] of this.#buckets) {
      if (s >= 0 && sec - s < this.#buckets.length) {
        requests += req;
        retries += ret;
      }
    }
    const allowed = current[2] < this.#s.minPerSecond || retries < this.#s.ratio * requests;
    if (allowed) current[2]++;
    return allowed;
  }
}
