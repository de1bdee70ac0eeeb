/**
 * `bottleneckLimiter`: runs the limiter contract on a Bottleneck 2.x instance the user already has.
 *
 * `acquire` schedules a no-op job carrying the request's weight and resolves when Bottleneck runs it.
 * Bottleneck has no queue timeout and no way to withdraw a queued job (its `expiration` only bounds a
 * job's run time), so the deadline and the abort signal are raced against the job: the caller is answered
 * at once and the abandoned no-op still takes its turn later (a spent slot, never a second send).
 * Pauses live in an in-process map: `updateSettings()` is never called, because it kills the reservoir
 * refresh timers (bottleneck #185).
 *
 * Cost: Bottleneck's local datastore yields through `setTimeout(0)` about four times per job, which adds
 * ≈ 4.5 ms to every request and caps one limiter at a few hundred jobs per second. Measured here by
 * `benchmarks/limiters.ts` (Node 20, unloaded limiter): 4.6 ms per acquire, against 0.16 µs for
 * `memoryLimiter` and ≈ 37 µs for `redisLimiter` on loopback. Prefer `memoryLimiter` unless Bottleneck
 * is already in place.
 * @module
 */
import type { Clock, Sleep } from '../time.js';
import type { AcquireResult, Limiter } from './types.js';
import { badWeight, checkFunction, checkObject, invalid, show, timeOptions } from './validate.js';
import { MAX_TIMER_MS, granted, pastDeadline, sleepFor } from './wait.js';

/** The part of a Bottleneck 2.x instance this adapter uses (a `new Bottleneck(...)` fits). */
export interface BottleneckLike {
  /** Queues `fn` with the given weight and priority; resolves with its result once Bottleneck runs it. */
  schedule<R>(options: { readonly weight?: number | null; readonly priority?: number | null }, fn: () => PromiseLike<R>): Promise<R>;
}

/** Options of `bottleneckLimiter`. */
export interface BottleneckLimiterOptions {
  /** Bottleneck job priority (0 = first, 9 = last) of the no-op jobs. @default 5 (Bottleneck's default) */
  readonly priority?: number;
  /** Told when Bottleneck fails a job (other than dropping it); the request then goes ahead. @default none */
  readonly onError?: (error: unknown) => void;
  /** Time source. @default systemClock */
  readonly clock?: Clock;
  /** Abortable sleep (pauses and the deadline race). @default sleep (setTimeout) */
  readonly sleep?: Sleep;
}

const OWNER = 'bottleneckLimiter';
const noop = (): void => {};
const job = (): Promise<void> => Promise.resolve();

/**
 * Adapts a Bottleneck instance to the `Limiter` contract. Pauses are kept in-process (never
 * `updateSettings()`, bottleneck #185); deadline and abort are raced against the queued no-op job.
 *
 * Cost: ≈ 4.5 ms added to every acquire — its datastore yields through `setTimeout(0)` about four times
 * per job; measured here (`benchmarks/limiters.ts`): 4.6 ms per acquire.
 * @example
 * const limiter = bottleneckLimiter(new Bottleneck({ maxConcurrent: 5, minTime: 100 }));
 */
export function bottleneckLimiter(bottleneck: BottleneckLike, opts: BottleneckLimiterOptions = {}): Limiter {
  if (typeof bottleneck !== 'object' || bottleneck === null || typeof bottleneck.schedule !== 'function') {
    invalid(OWNER, 'bottleneck', 'a Bottleneck instance', bottleneck);
  }
  checkObject(OWNER, 'options', opts);
  const priority = opts.priority;
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 9)) invalid(OWNER, 'priority', 'an integer from 0 to 9', priority);
  if (opts.onError !== undefined) checkFunction(OWNER, 'onError', opts.onError);
  const { clock, sleep } = timeOptions(OWNER, opts);
  const onError = opts.onError;
  const pauses = new Map<string, number>();

  const schedule = (weight: number, deadlineAt: number, signal: AbortSignal | undefined, start: number): Promise<AcquireResult> =>
    new Promise<AcquireResult>((resolve, reject) => {
      let done = false;
      const timer = new AbortController();
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        timer.abort();
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (finish()) reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const budget = deadlineAt - clock.now();
      if (budget <= MAX_TIMER_MS) {
        sleep(Math.max(0, budget), timer.signal).then(() => {
          if (finish()) resolve(pastDeadline(budget));
        }, noop);
      }
      const options = priority === undefined ? { weight } : { weight, priority };
      bottleneck.schedule(options, job).then(
        () => {
          if (finish()) resolve(granted(clock.now() - start));
        },
        (err: unknown) => {
          if (!finish()) return;
          if (err instanceof Error && /dropped/i.test(err.message)) resolve(pastDeadline(Math.max(0, deadlineAt - clock.now())));
          else {
            onError?.(err);
            resolve(granted(clock.now() - start));
          }
        },
      );
    });

  return {
    name: 'bottleneck',
    async acquire(req) {
      const { key, weight, signal } = req;
      if (!(weight >= 0 && weight !== Infinity)) throw badWeight(OWNER, weight);
      if (signal?.aborted) throw signal.reason;
      const start = clock.now();
      for (;;) {
        const now = clock.now();
        const until = pauses.get(key) ?? 0;
        if (until <= now) break;
        if (until > req.deadlineAt) return pastDeadline(until - now);
        await sleepFor(sleep, until - now, signal);
      }
      pauses.delete(key);
      return schedule(weight, req.deadlineAt, signal, start);
    },
    pause(key, ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${OWNER}.pause: ms must be a finite number, got ${show(ms)}`);
      if (ms <= 0) return;
      const now = clock.now();
      const until = now + ms;
      if (until <= (pauses.get(key) ?? 0)) return;
      if (pauses.size >= 1024) for (const [k, u] of pauses) if (u <= now) pauses.delete(k);
      pauses.set(key, until);
    },
  };
}
