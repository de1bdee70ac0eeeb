/**
 * The queue discipline of a key: requests that cannot go at once wait in FIFO order; one timer per key
 * wakes the head when it may go and releases, in order, every waiter that may go then (nothing is spread or
 * held back beyond what the sources allow, so a queue drains as fast as the rate in force permits and the
 * fast path is back as soon as it is empty). A waiter whose turn would fall past its deadline is answered
 * `{ ok: false }` at once; an aborted waiter rejects with the signal's reason.
 * @module
 */
import type { Clock, Sleep } from '../time.js';
import { earliest, take, Waiter, type KeyState } from './key-state.js';
import type { AcquireRequest, AcquireResult } from './types.js';
import { granted, MAX_TIMER_MS, pastDeadline } from './wait.js';

const noop = (): void => {};

/** Drives the queues of one limiter. */
export class Queues {
  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    /** Brings time-dependent sources up to date before the head is evaluated (the climbing learned rate). */
    private readonly refresh: (s: KeyState, now: number) => void,
  ) {}

  /** Queues a request that could not go at once (or refuses it at once when its turn is past the deadline). */
  enqueue(s: KeyState, req: AcquireRequest, now: number): Promise<AcquireResult> {
    const at = earliest(s, req.weight, now, s.queuedWeight);
    if (at > req.deadlineAt) return Promise.resolve(pastDeadline(at - now));
    return new Promise<AcquireResult>((resolve, reject) => {
      const w = new Waiter(req.weight, req.deadlineAt, req.signal, now, resolve, reject);
      if (req.signal !== undefined) {
        w.onAbort = () => this.cancel(s, w);
        req.signal.addEventListener('abort', w.onAbort, { once: true });
      }
      s.queue.push(w);
      s.queuedWeight += w.weight;
      if (s.wake === undefined) this.drain(s);
    });
  }

  /** Releases every waiter that may go now; arms the timer for the next one. */
  drain(s: KeyState): void {
    s.wake = undefined;
    for (;;) {
      const head = s.queue[0];
      if (head === undefined) return;
      const now = this.clock.now();
      this.refresh(s, now);
      const at = earliest(s, head.weight, now, 0);
      if (at > now && at <= head.deadlineAt) {
        const ctl = new AbortController();
        s.wake = ctl;
        this.sleep(Math.min(Math.ceil(at - now), MAX_TIMER_MS), ctl.signal).then(() => {
          if (s.wake === ctl) this.drain(s);
        }, noop);
        return;
      }
      s.queue.shift();
      this.detach(s, head);
      if (at <= now) {
        take(s, head.weight, now, true);
        head.resolve(granted(now - head.since));
      } else head.resolve(pastDeadline(at - now));
    }
  }

  /** Re-evaluates the head now (a source changed): cancels the timer and drains. */
  rearm(s: KeyState): void {
    const ctl = s.wake;
    s.wake = undefined;
    ctl?.abort();
    this.drain(s);
  }

  /** After a source became stricter: refuses at once the waiters whose turn now falls past their deadline. */
  recheck(s: KeyState, now: number): void {
    if (s.queue.length === 0) return;
    let ahead = 0;
    const kept: Waiter[] = [];
    for (const w of s.queue) {
      const at = earliest(s, w.weight, now, ahead);
      if (at > w.deadlineAt) {
        this.detach(s, w);
        w.resolve(pastDeadline(at - now));
      } else {
        kept.push(w);
        ahead += w.weight;
      }
    }
    s.queue = kept;
    this.rearm(s);
  }

  /** Answers every waiter `{ ok: false }` and stops the timer. */
  close(s: KeyState, now: number): void {
    const ctl = s.wake;
    s.wake = undefined;
    ctl?.abort();
    const waiting = s.queue;
    s.queue = [];
    for (const w of waiting) {
      this.detach(s, w);
      w.resolve(pastDeadline(earliest(s, w.weight, now, 0) - now));
    }
  }

  private cancel(s: KeyState, w: Waiter): void {
    const i = s.queue.indexOf(w);
    if (i < 0) return;
    s.queue.splice(i, 1);
    s.queuedWeight -= w.weight;
    w.reject(w.signal?.reason);
    if (i === 0) this.rearm(s);
  }

  private detach(s: KeyState, w: Waiter): void {
    s.queuedWeight -= w.weight;
    if (w.onAbort !== undefined) w.signal?.removeEventListener('abort', w.onAbort);
  }
}
