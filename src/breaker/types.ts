/**
 * The circuit breaker contract: every store (in-process, Redis) implements it. The executor asks `admit`
 * before each send and reports each send's outcome with `record`.
 * @module
 */

/** A circuit's state: `closed` lets everything through, `open` nothing, `half-open` a few probes. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What a send's outcome says about the API's health: `failure` (an outage signal), `success` (the server
 * answered sensibly, a 4xx included) or `ignore` (says nothing: a 429, an abort).
 */
export type BreakerOutcome = 'success' | 'failure' | 'ignore';

/** A send may go. */
export interface Admitted {
  /** The send may go. */
  readonly ok: true;
  /** True when this send is a half-open probe: its outcome decides whether the circuit closes. */
  readonly probe: boolean;
}

/** A send may not go: the circuit is open, or half-open with every probe slot taken. */
export interface Rejected {
  /** The send may not go. */
  readonly ok: false;
  /** `open`, or `half-open` when probes are already in flight. */
  readonly state: 'open' | 'half-open';
  /** Epoch ms (this process's clock) when the circuit lets a probe through again, at the latest. */
  readonly probeAt: number;
  /** Failed share of the calls that opened the circuit (or of the last probes), 0..1. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;
}

/** The answer of `admit`. */
export type Admission = Admitted | Rejected;

/** One state change of one key's circuit. */
export interface BreakerChange {
  /** The key whose circuit changed (as the executor gave it: origin plus a hash of the credential). */
  readonly key: string;
  /** The state it left. */
  readonly from: BreakerState;
  /** The state it entered. */
  readonly to: BreakerState;
  /** Failed share of the calls behind the change (the window's when it opens from closed, the probes' otherwise), 0..1. */
  readonly failureRatio: number;
  /** How many calls that share was measured on. */
  readonly calls: number;
  /** Epoch ms when the next probe may go (`open`), or when the current probe round expires (`half-open`); absent when closed. */
  readonly probeAt?: number | undefined;
}

/** Told about state changes seen during a call. */
export type BreakerListener = (change: BreakerChange) => void;

/**
 * A circuit breaker per key. `memoryBreaker()` (one process, the executor's default) and `redisBreaker({ client })`
 * (shared by every process) implement it.
 */
export interface Breaker {
  /** A short name, e.g. `memory`, `redis`. */
  readonly name: string;
  /**
   * May a send under `key` go now? Synchronous (and allocation-free) while the circuit is closed; a shared
   * store may ask its backend when a probe is due. Never rejects: a failing backend falls back to in-process state.
   * A probe slot is claimed by an `Admitted` with `probe: true`; the send's outcome must then be recorded.
   */
  admit(key: string, notify?: BreakerListener): Admission | Promise<Admission>;
  /**
   * The rejection a send under `key` would meet now, without claiming a probe slot; `undefined` when the circuit
   * is closed, or open with a probe due (the next `admit` decides). `notify` hears changes a shared store learned
   * in the background since the last call.
   */
  blocked(key: string, notify?: BreakerListener): Rejected | undefined;
  /**
   * Reports a send's outcome. `probe`: the send was admitted as a probe. `at`: when the send went, on the
   * breaker's own clock, when the caller already read it (saves a clock read); the breaker reads its clock when
   * absent. Throws only what `notify` throws.
   */
  record(key: string, outcome: BreakerOutcome, probe: boolean, notify?: BreakerListener, at?: number): void;
  /** A signal that aborts when `key`'s circuit opens (ends waits for a retry that would meet it open). */
  openSignal(key: string): AbortSignal;
  /** Releases what the breaker owns (never the caller's Redis client). */
  close?(): Promise<void>;
}
