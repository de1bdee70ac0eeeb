/**
 * The limiter contract: every backend (memory, Redis, Bottleneck) implements it.
 * The executor calls `acquire` before every send and `pause` on a `throttle` verdict.
 * @module
 */

/** What `acquire` is asked for. */
export interface AcquireRequest {
  /** The limit key: base URL plus a hash of the credential (never the secret itself). */
  readonly key: string;
  /** Slots this request costs (route weight). @default 1 */
  readonly weight: number;
  /** Epoch ms after which waiting is pointless (the logical request's deadline). */
  readonly deadlineAt: number;
  /** Aborts the wait at once; `acquire` then rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
}

/** The outcome of `acquire`, as data. */
export type AcquireResult =
  /** Slot granted after waiting `waitedMs` (0 on the fast path). */
  | {
      /** The slot was granted. */
      readonly ok: true;
      /** Milliseconds spent waiting for it. */
      readonly waitedMs: number;
    }
  /** The wait needed (`waitMs`) would pass the deadline: the caller should fail fast. */
  | {
      /** No slot was granted. */
      readonly ok: false;
      /** Why: the wait would pass `deadlineAt`. */
      readonly reason: 'deadline';
      /** The wait that would have been needed, in ms. */
      readonly waitMs: number;
    };

/** Where a pause came from, for events. */
export type PauseSource = 'header' | 'backoff';

/** A throttling backend shared by every request with the same key. */
export interface Limiter {
  /** A short name for events and errors, e.g. `memory`, `redis`, `bottleneck`. */
  readonly name: string;
  /**
   * Waits until the key is not paused and a slot of `weight` is free, bounded by `deadlineAt` and `signal`.
   * Must not reject except with `signal.reason` (abort); backend failures degrade to in-process limits.
   */
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /**
   * Pauses every caller sharing `key` for `ms` from now (a 429 told us to). Pauses never shorten:
   * a later pause that ends sooner than the current one leaves the current one in force.
   */
  pause(key: string, ms: number): Promise<void> | void;
  /** Feedback for adaptive rate: a request under `key` succeeded. Optional. */
  onSuccess?(key: string): void;
  /**
   * Feedback for the learned rate: the server refused a request under `key` (sent at `sentAt`, clock ms)
   * without saying how long to wait. Refusals that name a window are `pause`s and never reach this. Optional.
   */
  onThrottle?(key: string, sentAt?: number): void;
  /**
   * Feedback after every send that `acquire` granted, answered or not: `headers` are the answer's (names in
   * lower case, as axios delivers them; `undefined` when no answer came), `weight` the grant's, `sentAt` the
   * clock ms the request left. Lets the limiter count sends in flight and learn the quota the server
   * advertises on every answer, success included. Call it exactly once per granted acquire, or never. Optional.
   */
  observe?(key: string, headers: Readonly<Record<string, unknown>> | undefined, weight: number, sentAt: number): void;
  /** Releases timers and connections the limiter owns (never the caller's Redis client). */
  close?(): Promise<void>;
}
