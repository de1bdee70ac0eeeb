/**
 * Per-key token buckets and the Retry-After windows the server has told each key to respect.
 * Both are computed lazily from timestamps: no timers.
 * @module
 */

import type { RetryAfterWindow } from './types.js';

/** The answer of {@link KeyedTokenBuckets.take}. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per key: capacity `limit`, refilled continuously at `limit` tokens per `intervalMs`. */
export class KeyedTokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limit: number;
  readonly #perMs: number;

  /** Throws a `RangeError` unless `limit` is a positive integer and `intervalMs` positive. */
  constructor(limit: number, intervalMs: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rateLimit.limit must be a positive integer, got ${limit}`);
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`rateLimit.intervalMs must be a positive number, got ${intervalMs}`);
    }
    this.#limit = limit;
    this.#perMs = limit / intervalMs;
  }

  /** Takes one token for `key` at time `now`; when empty, says how long until one token is back. */
  take(key: string, now: number): TakeResult {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.#limit, updatedAt: now };
      this.#buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.#limit, bucket.tokens + elapsed * this.#perMs);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: (1 - bucket.tokens) / this.#perMs };
  }
}

/** Converts a wait in milliseconds to a `Retry-After` value: whole seconds, rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The Retry-After windows the server opened, per key. */
export class RetryAfterWindows {
  readonly #until = new Map<string, number>();
  /** Every window as announced, in the order the answers were sent. */
  readonly given: RetryAfterWindow[] = [];

  /**
   * Records that `key` was told, at `from` (ms since the epoch, when the answer was sent), to wait until `until`;
   * keeps the later of two windows for {@link isInside}, and every announced window in {@link given} (not listed
   * without a `from`).
   */
  open(key: string, until: number, from = until): void {
    const current = this.#until.get(key);
    if (current === undefined || until > current) this.#until.set(key, until);
    if (until > from) this.given.push({ apiKey: key, from, until });
  }

  /** Whether `key` is inside a window at `now`. */
  isInside(key: string, now: number): boolean {
    const until = this.#until.get(key);
    return until !== undefined && now < until;
  }
}
