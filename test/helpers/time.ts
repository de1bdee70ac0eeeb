/**
 * Virtual time for executor tests: an injected clock and sleep. A sleep ends only when the test drives time
 * forward, and `drive` does so only while the process is idle (real I/O, such as nock or a loopback socket,
 * gets hundreds of event-loop turns to finish first). axios's and nock's own timers stay real.
 */
import type { Clock, Sleep } from '../../src/time.js';

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

/** A virtual clock and scheduler. */
export interface VirtualTime {
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Every sleep requested so far, in ms, in order. */
  readonly sleeps: number[];
  /** Settles like `p`, advancing virtual time to the next timer whenever the process is idle. */
  drive<T>(p: Promise<T>): Promise<T>;
  /** Advances virtual time by `ms`, firing due timers. */
  advance(ms: number): void;
  /** Pending timers. */
  pending(): number;
}

const IDLE_TURNS = 3_000;

/** Creates virtual time starting at `start` (epoch ms). */
export function virtualTime(start = Date.UTC(2026, 0, 1)): VirtualTime {
  let now = start;
  let seq = 0;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const clock: Clock = { now: () => now };
  const sleep: Sleep = (ms, signal) => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    sleeps.push(ms);
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t: Timer = {
        at: now + ms,
        seq: seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = timers.indexOf(t);
        if (i >= 0) timers.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(t);
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    });
  };
  const fireDue = (): void => {
    while (timers.length > 0 && timers[0]!.at <= now) timers.shift()!.resolve();
  };
  const advance = (ms: number): void => {
    const until = now + ms;
    while (timers.length > 0 && timers[0]!.at <= until) {
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.resolve();
    }
    now = until;
  };
  const drive = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let step = 0; step < 10_000 && !done; step++) {
      for (let k = 0; k < IDLE_TURNS && !done; k++) await new Promise((r) => setImmediate(r));
      if (done) break;
      const next = timers[0];
      if (!next) {
        await new Promise((r) => setTimeout(r, 5)); // real I/O on a real timer (rare): let it run
        continue;
      }
      now = Math.max(now, next.at);
      fireDue();
    }
    return p;
  };
  return { clock, sleep, sleeps, drive, advance, pending: () => timers.length };
}

/** Captures a rejection as a value (for assertions on typed errors). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, got a resolution');
}
