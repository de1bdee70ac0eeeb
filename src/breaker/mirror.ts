/**
 * What one process knows of each shared circuit (`redisBreaker`): the state Redis last replied, converted to
 * this process's clock, and the outcomes not yet sent. Changes learned in the background are kept until the
 * next call on the key, so the listener (a user hook that may throw) always runs inside a request.
 * @module
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../time.js';
import { CircuitOpened } from './memory.js';
import type { CircuitReply } from './redis-scripts.js';
import type { BreakerChange, BreakerListener, BreakerState, Rejected } from './types.js';

/** One key's mirror. Mutable, owned by one `redisBreaker`. */
export interface Mirror {
  state: BreakerState;
  /** Local epoch ms: when a probe may go (open) or the probe round ends (half-open). */
  until: number;
  failureRatio: number;
  calls: number;
  /** Successes and failures counted while closed, not yet sent. */
  ok: number;
  bad: number;
  /** When the oldest of those was counted (Infinity when none). */
  countedSince: number;
  lastSync: number;
  /** True once Redis answered (or failed) a first sync of this key. */
  synced: boolean;
  /** The first sync, while in flight. */
  firstSync: Promise<void> | undefined;
  flushing: boolean;
  /** The probe claim in flight, shared by the sends that come meanwhile. */
  claim: Promise<CircuitReply> | undefined;
  /** No probe claim before this (after Redis refused one). */
  nextClaim: number;
  /** Changes learned in the background, for the next listener. */
  changes: BreakerChange[] | undefined;
  opened: AbortController | undefined;
}

const MAX_KEYS = 1024;
const MAX_QUEUED = 16;

/** The mirrors of one breaker. */
export class MirrorMap {
  readonly #clock: Clock;
  readonly #m = new Map<string, Mirror>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The key's mirror (made on first use), after handing queued changes to `notify` (kept for a later listener without one). */
  get(key: string, notify: BreakerListener | undefined): Mirror {
    let m = this.#m.get(key);
    if (m === undefined) {
      if (this.#m.size >= MAX_KEYS) this.#prune();
      m = { state: 'closed', until: 0, failureRatio: 0, calls: 0, ok: 0, bad: 0, countedSince: Infinity, lastSync: -Infinity, synced: false, firstSync: undefined, flushing: false, claim: undefined, nextClaim: 0, changes: undefined, opened: undefined };
      this.#m.set(key, m);
    }
    if (m.changes !== undefined && notify !== undefined) {
      const queued = m.changes;
      m.changes = undefined;
      for (const c of queued) notify(c);
    }
    return m;
  }

  /** The key's mirror when there is one. */
  peek(key: string): Mirror | undefined {
    return this.#m.get(key);
  }

  /** Takes in a reply from Redis; a change goes to `notify` now, or waits for the next call when it is undefined. */
  apply(key: string, m: Mirror, r: CircuitReply, notify: BreakerListener | undefined): void {
    const now = this.#clock.now();
    const from = m.state;
    m.state = r.state;
    m.until = r.state === 'closed' ? 0 : now + r.leftMs;
    m.failureRatio = r.failureRatio;
    m.calls = r.calls;
    if (from === r.state) return;
    if (r.state === 'open' && m.opened) {
      m.opened.abort(new CircuitOpened('the circuit for this key opened'));
      m.opened = undefined;
    }
    const change: BreakerChange = Object.freeze({ key, from, to: r.state, failureRatio: r.failureRatio, calls: r.calls, probeAt: r.state === 'closed' ? undefined : m.until });
    if (notify) return notify(change);
    m.changes ??= [];
    if (m.changes.length >= MAX_QUEUED) m.changes.shift(); // nobody listens: keep the latest few
    m.changes.push(change);
  }

  /** The rejection an open circuit gives before its probe time; undefined otherwise. */
  rejection(m: Mirror, now: number): Rejected | undefined {
    if (m.state !== 'open' || now >= m.until) return undefined;
    return { ok: false, state: 'open', probeAt: m.until, failureRatio: m.failureRatio, calls: m.calls };
  }

  /** The rejection while another send of this process claims the probe, or Redis just refused one. */
  waiting(m: Mirror, now: number): Rejected {
    return { ok: false, state: 'half-open', probeAt: Math.max(now, m.until), failureRatio: m.failureRatio, calls: m.calls };
  }

  /** Aborts when the key's circuit opens (as this process learns it). */
  openSignal(key: string): AbortSignal {
    const m = this.#m.get(key) ?? this.get(key, undefined); // never drains changes queued for a listener
    if (m.opened === undefined) {
      m.opened = new AbortController();
      setMaxListeners(0, m.opened.signal);
    }
    return m.opened.signal;
  }

  /** Forgets every mirror. */
  clear(): void {
    this.#m.clear();
  }

  #prune(): void {
    for (const [k, m] of this.#m) {
      if (m.state === 'closed' && !m.flushing && m.ok + m.bad === 0 && m.opened === undefined) this.#m.delete(k);
    }
  }
}
