/**
 * Option checks shared by the limiter factories. A bad option throws a `TypeError` that names the
 * option and shows the value, e.g. `memoryLimiter: rateLimit.limit must be a finite number > 0, got -1`.
 * @module
 */
import { showValue } from '../show.js';
import { sleep as defaultSleep, systemClock, type Clock, type Sleep } from '../time.js';

/** Renders a value for an error message (objects by kind only: they may hold credentials). */
export const show: (value: unknown) => string = showValue;

/** Throws a `TypeError` naming `owner`, `option` and the value. */
export function invalid(owner: string, option: string, rule: string, value: unknown): never {
  throw new TypeError(`${owner}: ${option} must be ${rule}, got ${show(value)}`);
}

/** A finite number above `0`. */
export function checkPositive(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) invalid(owner, option, 'a finite number > 0', value);
  return value;
}

/** A finite number at or above `0`. */
export function checkNonNegative(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) invalid(owner, option, 'a finite number >= 0', value);
  return value;
}

/** A number in the open interval (0, 1). */
export function checkFraction(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) invalid(owner, option, 'a number between 0 and 1 (exclusive)', value);
  return value;
}

/** A plain object (or `undefined` when `optional`). */
export function checkObject(owner: string, option: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(owner, option, 'an object', value);
}

/** A function. */
export function checkFunction(owner: string, option: string, value: unknown): void {
  if (typeof value !== 'function') invalid(owner, option, 'a function', value);
}

/** A `Clock`: an object with a `now()` method. */
export function checkClock(owner: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || typeof (value as { now?: unknown }).now !== 'function') {
    invalid(owner, 'clock', 'an object with a now() method', value);
  }
}

/** The injectable time of a limiter's options, checked and defaulted. */
export function timeOptions(owner: string, opts: { readonly clock?: Clock | undefined; readonly sleep?: Sleep | undefined }): { clock: Clock; sleep: Sleep } {
  if (opts.clock !== undefined) checkClock(owner, opts.clock);
  if (opts.sleep !== undefined) checkFunction(owner, 'sleep', opts.sleep);
  return { clock: opts.clock ?? systemClock, sleep: opts.sleep ?? defaultSleep };
}

/** The weight of one acquire: a finite number at or above `0` (checked per call, so kept cheap). */
export function badWeight(owner: string, weight: unknown): TypeError {
  return new TypeError(`${owner}.acquire: weight must be a finite number >= 0, got ${show(weight)}`);
}
