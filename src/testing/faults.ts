/**
 * Fault catalogue, random fault selection and scripted injections.
 * @module
 */
import type { FaultName, FaultScript, RouteName } from './types.js';

/** Every fault name, in the fixed order random probabilities are laid out on [0, 1). */
export const FAULT_NAMES: readonly FaultName[] = [
  '500',
  '503',
  'overload',
  '429',
  '429-no-retry-after',
  '502-html',
  '504-after',
  '504-before',
  'reset-before',
  'reset-after',
  'slow',
  'malformed',
  'empty',
  '511',
  // Appended last, so the layout of the older faults on [0, 1) (and every seeded sequence using them) is unchanged.
  'timeout-after',
  'timeout-before',
];

/** Every route name. */
export const ROUTE_NAMES: readonly RouteName[] = ['placeOrder', 'getOrder', 'listOrders', 'withdraw', 'ticker'];

/** Routes random faults apply to unless `faultRoutes` says otherwise (the lookups stay clean). */
export const DEFAULT_FAULT_ROUTES: readonly RouteName[] = ['placeOrder', 'withdraw', 'ticker'];

/** The faults `--fault-rate` spreads its rate over. */
export const DEFAULT_FAULT_MIX: readonly FaultName[] = [
  '500',
  '503',
  'overload',
  '429',
  '502-html',
  '504-after',
  '504-before',
  'reset-before',
  'reset-after',
  'slow',
];

/** Faults that apply the effect before failing (or delaying) the response. */
export const EFFECT_THEN_FAULT: ReadonlySet<FaultName> = new Set<FaultName>(['504-after', 'reset-after', 'slow', 'timeout-after']);

/** Whether `name` is a {@link FaultName}. */
export function isFaultName(name: unknown): name is FaultName {
  return typeof name === 'string' && (FAULT_NAMES as readonly string[]).includes(name);
}

/** Whether `name` is a {@link RouteName}. */
export function isRouteName(name: unknown): name is RouteName {
  return typeof name === 'string' && (ROUTE_NAMES as readonly string[]).includes(name);
}

/**
 * Validates random fault probabilities and returns them as `[fault, p]` pairs in {@link FAULT_NAMES} order
 * (zero entries dropped). Throws a `RangeError` for an unknown fault, a probability outside 0..1, or a sum above 1.
 */
export function normalizeFaultRates(faults: Partial<Record<FaultName, number>> | undefined): Array<[FaultName, number]> {
  if (faults === undefined) return [];
  for (const key of Object.keys(faults)) {
    if (!isFaultName(key)) throw new RangeError(`unknown fault "${key}" (known: ${FAULT_NAMES.join(', ')})`);
  }
  const out: Array<[FaultName, number]> = [];
  let sum = 0;
  for (const name of FAULT_NAMES) {
    const p = faults[name];
    if (p === undefined) continue;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new RangeError(`fault probability for "${name}" must be a number in 0..1, got ${String(p)}`);
    }
    if (p > 0) out.push([name, p]);
    sum += p;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`fault probabilities sum to ${sum}, more than 1`);
  return out;
}

/** Maps a uniform draw `u` in [0, 1) onto the cumulative fault probabilities; `undefined` means no fault. */
export function pickFault(rates: ReadonlyArray<readonly [FaultName, number]>, u: number): FaultName | undefined {
  let acc = 0;
  for (const [name, p] of rates) {
    acc += p;
    if (u < acc) return name;
  }
  return undefined;
}

/** A scripted fault still waiting for matching requests. */
interface PendingScript {
  route: RouteName | '*';
  fault: FaultName;
  remaining: number;
  retryAfterSec: number | undefined;
}

/** What a consumed script injects. */
export interface ScriptedFault {
  fault: FaultName;
  retryAfterSec: number | undefined;
}

/** Scripted injections, consumed first-added-first by matching requests. */
export class ScriptQueue {
  readonly #scripts: PendingScript[] = [];

  /** Adds a script; throws a `TypeError`/`RangeError` for an unknown fault or route, or a bad `times`/`retryAfterSec`. */
  add(script: FaultScript): void {
    if (!isFaultName(script.fault)) throw new TypeError(`unknown fault "${String(script.fault)}"`);
    const route = script.route ?? '*';
    if (route !== '*' && !isRouteName(route)) throw new TypeError(`unknown route "${String(route)}"`);
    const times = script.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    const ra = script.retryAfterSec;
    if (ra !== undefined && (!Number.isInteger(ra) || ra < 0)) {
      throw new RangeError(`retryAfterSec must be a non-negative integer, got ${ra}`);
    }
    this.#scripts.push({ route, fault: script.fault, remaining: times, retryAfterSec: ra });
  }

  /** Consumes one use of the first script matching `route`, if any. */
  take(route: RouteName): ScriptedFault | undefined {
    const index = this.#scripts.findIndex((s) => s.route === '*' || s.route === route);
    const script = this.#scripts[index];
    if (script === undefined) return undefined;
    script.remaining -= 1;
    if (script.remaining <= 0) this.#scripts.splice(index, 1);
    return { fault: script.fault, retryAfterSec: script.retryAfterSec };
  }

  /** Scripts not yet used up. */
  get pending(): number {
    return this.#scripts.length;
  }
}
