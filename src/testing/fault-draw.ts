/**
 * Fault draws per request and attempt (`faultDraw: 'request'`): a function of the seed, the request and how many
 * times it has arrived, so concurrent clients meet the same faults whatever order their requests arrive in.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Arrival } from './types.js';

/** How random faults are drawn (see `SimulatorOptions.faultDraw`). */
export type FaultDrawMode = 'arrival' | 'request';

/** Whether `mode` is a {@link FaultDrawMode}. */
export function isFaultDrawMode(mode: unknown): mode is FaultDrawMode {
  return mode === 'arrival' || mode === 'request';
}

/** What makes two arrivals the same request: its intent, else its method and path (query string included). */
export function requestKey(arrival: Pick<Arrival, 'intent' | 'method' | 'path'>): string {
  return arrival.intent === undefined ? `${arrival.method} ${arrival.path}` : `intent ${arrival.intent}`;
}

/** A uniform number in [0, 1) from the seed, a request key and the attempt number (1-based). */
export function drawFor(seed: number, key: string, attempt: number): number {
  const digest = createHash('sha256').update(`${seed}\n${attempt}\n${key}`).digest();
  return digest.readUInt32BE(0) / 4294967296;
}

/** Counts the attempts of each request and draws for the next one. */
export class RequestDraws {
  readonly #seed: number;
  readonly #attempts = new Map<string, number>();

  constructor(seed: number) {
    this.#seed = seed;
  }

  /** The draw of this arrival: its request's next attempt. */
  next(arrival: Pick<Arrival, 'intent' | 'method' | 'path'>): number {
    const key = requestKey(arrival);
    const attempt = (this.#attempts.get(key) ?? 0) + 1;
    this.#attempts.set(key, attempt);
    return drawFor(this.#seed, key, attempt);
  }
}
