/**
 * Small waiting helpers shared by the limiters.
 * @module
 */
import type { Sleep } from '../time.js';
import type { AcquireResult } from './types.js';

/** The longest delay `setTimeout` honours; longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Sleeps `ms` (rounded up to whole ms, since timers may fire early by a fraction) even past `MAX_TIMER_MS`. */
export async function sleepFor(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<void> {
  let left = Math.ceil(ms);
  while (left > MAX_TIMER_MS) {
    await sleep(MAX_TIMER_MS, signal);
    left -= MAX_TIMER_MS;
  }
  await sleep(left, signal);
}

/** The grant of the fast path, shared (frozen) so the fast path allocates nothing. */
export const GRANTED: AcquireResult = Object.freeze({ ok: true as const, waitedMs: 0 });

/** A settled promise of `GRANTED`, safe to hand out to every caller. */
export const GRANTED_NOW: Promise<AcquireResult> = Promise.resolve(GRANTED);

/** A grant after waiting. */
export function granted(waitedMs: number): AcquireResult {
  return { ok: true, waitedMs: waitedMs > 0 ? waitedMs : 0 };
}

/** A refusal: waiting `waitMs` would pass the deadline. */
export function pastDeadline(waitMs: number): AcquireResult {
  return { ok: false, reason: 'deadline', waitMs: waitMs > 0 ? waitMs : 0 };
}
