/**
 * Time, sleep and randomness, injectable so every wait can run on fake time in tests.
 * @module
 */

/** A source of the current time in milliseconds since the epoch. */
export interface Clock {
  /** The current time, in epoch ms. */
  now(): number;
}

/** Sleeps `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * An abortable sleep on `setTimeout` (so fake timers drive it). Resolves at once for `ms <= 0`.
 * Rejects with the signal's reason when `signal` is (or becomes) aborted, and clears its timer.
 */
export const sleep: Sleep = (ms, signal) => {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(ms > 0)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
};
