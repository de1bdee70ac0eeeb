/**
 * Helpers of the per-profile integration tests: one order through an executor against a fresh simulator with a
 * fault on its first send, the verify checks with their times, the order sends the server saw, and the settle rule
 * as the checks and sends show it.
 */
import type { Agent } from 'node:http';
import axios, { type AxiosResponse } from 'axios';
import { expect } from 'vitest';
import { createExecutor, type Profile, type VerifyEvent, type VerifyHook } from '../../../src/index.js';
import { startSimulator, type Arrival, type DialectName, type FaultName, type Simulator, type SimulatorOptions } from '../../../src/testing/index.js';

/** One verify check as the executor reported it, stamped with the wall clock. */
export interface Check {
  readonly at: number;
  readonly check: number;
  readonly outcome: VerifyEvent['outcome'];
  readonly operationId: string;
}

/** Collects verify checks (pass `onVerify` to the executor). */
export function checks(): { list: Check[]; onVerify: (e: VerifyEvent) => void } {
  const list: Check[] = [];
  return { list, onVerify: (e) => list.push({ at: Date.now(), check: e.check, outcome: e.outcome, operationId: e.operationId }) };
}

/** The order sends the server received, in order. */
export const orderSends = (sim: Simulator): Arrival[] => sim.arrivals.filter((a) => a.route === 'placeOrder');

/** The fields of an order send as the server read them: its JSON body, or (Binance) its form body and query string. */
export function sentBody(sim: Simulator, a: Arrival): Record<string, unknown> {
  if (sim.dialect !== 'binance') return JSON.parse(a.rawBody) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(a.rawBody)) out[k] = v;
  const q = a.path.indexOf('?');
  if (q >= 0) for (const [k, v] of new URLSearchParams(a.path.slice(q + 1))) out[k] = v;
  return out;
}

/** One profile against the simulator speaking its API: what every per-profile case names. */
export interface ProfileCase {
  readonly dialect: DialectName;
  readonly profile: Profile;
  /** Simulator options beyond the dialect. */
  readonly sim?: Omit<SimulatorOptions, 'dialect'>;
  /** The documented order route. */
  readonly route: string;
  /** An order without a client id; `i` varies it so two cases never look alike. */
  readonly order: (i: number) => Record<string, unknown>;
  /** The ready lookup (or what stands in for one). */
  readonly verify: () => VerifyHook;
}

/** What one order met: the simulator (close it), the caller's response or error, the checks, the body sent. */
export interface FaultRun {
  readonly sim: Simulator;
  readonly res: AxiosResponse | undefined;
  readonly error: unknown;
  readonly trace: Check[];
  readonly body: Record<string, unknown>;
  readonly close: () => Promise<void>;
}

/** How to place one order with a fault on its first send. */
export interface FaultOrder {
  readonly dialect: DialectName;
  readonly sim?: Omit<SimulatorOptions, 'dialect'>;
  readonly profile: Profile;
  readonly verify: VerifyHook;
  readonly verifyDelayMs: number;
  readonly verifyChecks: number;
  readonly route: string;
  readonly body: Record<string, unknown>;
  readonly fault: FaultName;
  readonly agent: Agent;
}

/** Places `o.body` through an executor (no rate limit) against a fresh simulator whose first order send meets `o.fault`. */
export async function orderWithFault(o: FaultOrder): Promise<FaultRun> {
  const sim = await startSimulator({ dialect: o.dialect, ...o.sim });
  const trace = checks();
  const executor = createExecutor({
    http: axios.create({ baseURL: sim.url, httpAgent: o.agent }),
    profile: o.profile,
    rateLimit: false,
    verify: o.verify,
    verifyDelayMs: o.verifyDelayMs,
    verifyChecks: o.verifyChecks,
    onVerify: trace.onVerify,
  });
  sim.inject({ route: 'placeOrder', fault: o.fault });
  const outcome = await executor.request({ method: 'POST', url: o.route, data: o.body }).then(
    (res) => ({ res, error: undefined }),
    (error: unknown) => ({ res: undefined, error }),
  );
  return { sim, ...outcome, trace: trace.list, body: o.body, close: () => sim.close() };
}

/**
 * The settle rule as the server and the checks saw it, after a 504 before the order was placed: every check before
 * the `absent` one said unknown, and that one, like the resend, came at least `settleMs` after the first send.
 * Returns the index of the `absent` check.
 */
export function expectAbsentAfterSettle(sends: readonly Arrival[], trace: readonly Check[], settleMs: number): number {
  const absent = trace.findIndex((t) => t.outcome === 'absent');
  expect(absent).toBeGreaterThan(0);
  expect(trace.slice(0, absent).every((t) => t.outcome === 'unknown')).toBe(true);
  expect(trace[absent]!.at - sends[0]!.at).toBeGreaterThanOrEqual(settleMs);
  expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(settleMs);
  return absent;
}
