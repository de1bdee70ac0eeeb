/** Helpers of the per-profile integration tests: verify checks with their times, and the order sends the server saw. */
import type { Arrival, Simulator } from '../../../src/testing/index.js';
import type { VerifyEvent } from '../../../src/index.js';

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
