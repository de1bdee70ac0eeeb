/**
 * A call bounded in time (and by an abort signal), as data: the timer is always cleared, so nothing is left
 * holding the process once the call is over.
 * @module
 */
import type { Sleep } from '../time.js';

/** How a bounded call ended. */
export type Bounded<T> =
  | { readonly end: 'value'; readonly value: T }
  | { readonly end: 'error'; readonly error: unknown }
  | { readonly end: 'timeout' }
  | { readonly end: 'aborted'; readonly reason: unknown };

/**
 * Runs `work(signal)` for at most `ms` (on `sleep`, cleared when the work ends first) and until `outer` aborts.
 * `signal` aborts on timeout or outer abort, for work that can stop early. Never throws; a late result of the
 * work is ignored (and its rejection handled).
 *
 * @example
 * ```ts
 * const r = await bounded((signal) => journal.settle(id, 'succeeded'), 5_000, sleep);
 * if (r.end === 'timeout') report();
 * ```
 */
export function bounded<T>(work: (signal: AbortSignal) => Promise<T> | T, ms: number, sleep: Sleep, outer?: AbortSignal): Promise<Bounded<T>> {
  if (outer?.aborted) return Promise.resolve({ end: 'aborted', reason: outer.reason });
  const ctl = new AbortController();
  const timer = new AbortController();
  return new Promise<Bounded<T>>((resolve) => {
    let done = false;
    const finish = (r: Bounded<T>): void => {
      if (done) return;
      done = true;
      timer.abort(); // clears the sleep's timer
      outer?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = (): void => {
      ctl.abort(outer?.reason);
      finish({ end: 'aborted', reason: outer?.reason });
    };
    outer?.addEventListener('abort', onAbort, { once: true });
    sleep(ms, timer.signal).then(
      () => {
        ctl.abort(new Error(`timed out after ${ms} ms`));
        finish({ end: 'timeout' });
      },
      () => undefined, // cleared: the work ended first
    );
    Promise.resolve()
      .then(() => work(ctl.signal))
      .then(
        (value) => finish({ end: 'value', value }),
        (error: unknown) => finish({ end: 'error', error }),
      );
  });
}
