/**
 * What one process keeps locally for `redisLimiter`, per key: the pauses it has seen (so a paused key costs
 * no round trip), units answered since its last report to Redis, its view of the shared advertised quota
 * (to read only the answers worth reading, as `shouldRead` in quota.ts), and the lag it measures.
 * @module
 */
import { READ_EVERY_MS } from './quota.js';

/** The local lag estimate halves every this many ms without a larger sample (as the shared one in Redis). */
const LAG_HALF_LIFE_MS = 20_000;
/** Maps are swept past this size. */
const MAX_KEYS = 1024;

interface QuotaView {
  left: number;
  cap: number;
  endAt: number;
  readAt: number;
}

/** One process's local state. */
export class LocalKeys {
  private readonly pauses = new Map<string, number>();
  private readonly completed = new Map<string, number>();
  private readonly views = new Map<string, QuotaView>();
  private lag = 0;
  private lagAt = 0;
  /** The round trip of the last Redis call that granted or confirmed a send. */
  lastGrantRtt = 0;

  /** The pause in force on `key` at `now` (its end), or 0. */
  pausedUntil(key: string, now: number): number {
    const until = this.pauses.get(key);
    if (until === undefined) return 0;
    if (until > now) return until;
    this.pauses.delete(key);
    return 0;
  }

  /** Records a pause until `until`; never shortens. */
  pause(key: string, until: number, now: number): void {
    if (until <= (this.pauses.get(key) ?? 0)) return;
    if (this.pauses.size >= MAX_KEYS) for (const [k, u] of this.pauses) if (u <= now) this.pauses.delete(k);
    this.pauses.set(key, until);
  }

  /** Takes the units answered since the last report (to send with the next command). */
  takeCompleted(key: string): number {
    const n = this.completed.get(key) ?? 0;
    if (n > 0) this.completed.delete(key);
    return n;
  }

  /** Adds answered units to report (or gives back units a failed command did not report). */
  addCompleted(key: string, n: number): void {
    if (n > 0) this.completed.set(key, (this.completed.get(key) ?? 0) + n);
  }

  /** The lag estimate at `now` (decaying). */
  lagAtTime(now: number): number {
    return this.lag * 0.5 ** ((now - this.lagAt) / LAG_HALF_LIFE_MS);
  }

  /** A lag sample: kept when larger than the decayed estimate. */
  sampleLag(sample: number, now: number): void {
    if (sample > this.lagAtTime(now)) {
      this.lag = sample;
      this.lagAt = now;
    }
  }

  /** Updates the view of `key`'s shared quota (`endMs` < 0: none); `read` when it came from an advert read now. */
  view(key: string, left: number, endMs: number, cap: number, now: number, read: boolean): void {
    if (endMs < 0) return;
    const v = this.views.get(key);
    if (v === undefined) {
      if (this.views.size >= MAX_KEYS) this.views.clear();
      this.views.set(key, { left, cap, endAt: now + endMs, readAt: read ? now : -Infinity });
      return;
    }
    const endAt = now + endMs;
    if (endAt > v.endAt + 1) v.readAt = -Infinity; // rolled over: the next answer fixes the new window's phase
    v.left = left;
    v.cap = cap;
    v.endAt = endAt;
    if (read) v.readAt = now;
  }

  /** As `shouldRead` in quota.ts, on this process's view of the shared quota. */
  worthReading(key: string, now: number): boolean {
    const v = this.views.get(key);
    return v === undefined || v.left * 2 < v.cap || now - v.readAt >= READ_EVERY_MS || now >= v.endAt;
  }

  /** Forgets everything. */
  clear(): void {
    this.pauses.clear();
    this.completed.clear();
    this.views.clear();
  }
}
