/**
 * Calling a user hook that may take long (a person typing a 2FA code, a slow lookup): the hook gets a
 * signal that aborts on the caller's abort or at the deadline, and the wait for it ends then too, even
 * when the hook ignores its signal.
 * @module
 */
import { remaining, type Run } from './state.js';

/** Why a hook call ended without a value. */
export type HookStop = { readonly stop: 'deadline' } | { readonly stop: 'aborted'; readonly reason: unknown };

/** The result of a bounded hook call, as data. A hook's own throw is `{ error }`. */
export type HookResult<T> = { readonly value: T } | { readonly error: unknown } | HookStop;

class DeadlineSignal extends Error {
  override readonly name = 'DeadlineExceeded';
}

/** Runs `fn(signal)` bounded by the run's signal and deadline. Never throws. */
export function callHook<T>(run: Run, fn: (signal: AbortSignal) => T | Promise<T>): Promise<HookResult<T>> {
  const ctl = new AbortController();
  if (run.signal?.aborted) return Promise.resolve({ stop: 'aborted', reason: run.signal.reason });
  const left = remaining(run);
  if (left <= 0) return Promise.resolve({ stop: 'deadline' });
  return new Promise((resolve) => {
    let done = false;
    const timer = new AbortController();
    const finish = (r: HookResult<T>): void => {
      if (done) return;
      done = true;
      timer.abort();
      run.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = (): void => {
      ctl.abort(run.signal?.reason);
      finish({ stop: 'aborted', reason: run.signal?.reason });
    };
    run.s.sleep(left, timer.signal).then(
      () => {
        ctl.abort(new DeadlineSignal('the deadline passed'));
        finish({ stop: 'deadline' });
      },
      () => undefined, // the hook finished first
    );
    run.signal?.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => fn(ctl.signal))
      .then(
        (value) => finish({ value }),
        (error: unknown) => finish({ error }),
      );
  });
}
