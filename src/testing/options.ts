/**
 * Validation of {@link SimulatorOptions} and their defaults.
 * @module
 */
import type { SimulatorCredentials } from './config-types.js';
import { DIALECT_NAMES, isDialectName } from './dialects/index.js';
import { isFaultDrawMode, type FaultDrawMode } from './fault-draw.js';
import { DEFAULT_FAULT_ROUTES, isRouteName, normalizeFaultRates } from './faults.js';
import { resolveLists, type ResolvedLists } from './lists.js';
import { TotpVerifier } from './otp.js';
import { resolveSigning, type Signer } from './signing/index.js';
import type { BinanceOptions, DialectName, FaultName, RouteName, SimulatorOptions } from './types.js';

/** Default delay of the `slow` fault. */
export const DEFAULT_SLOW_MS = 2000;

/** Binance's limits after validation. */
export type ResolvedBinance = Required<BinanceOptions>;

/** Options after validation, defaults filled in. */
export interface ResolvedOptions {
  dialect: DialectName;
  rates: Array<[FaultName, number]>;
  faultRoutes: ReadonlySet<RouteName>;
  seed: number;
  faultDraw: FaultDrawMode;
  rateLimit: { limit: number; intervalMs: number; retryAfter: boolean } | undefined;
  totp: TotpVerifier | undefined;
  latencyMs: number;
  slowMs: number;
  port: number;
  /** The caller's intent key; `undefined`: the dialect's default per route (see `request.ts`). */
  intentKey: string | undefined;
  signer: Signer | undefined;
  credentials: SimulatorCredentials | undefined;
  lists: ResolvedLists;
  binance: ResolvedBinance;
  now: () => number;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Validates the `binance` group (refused for other dialects) and fills in the documented defaults. */
function resolveBinance(dialect: DialectName, opts: BinanceOptions | undefined): ResolvedBinance {
  if (opts !== undefined && dialect !== 'binance') throw new TypeError(`binance options apply to the binance dialect only, not ${dialect}`);
  const o = opts ?? {};
  const weightWindowMs = positiveInt('binance.weightWindowMs', o.weightWindowMs, 60_000);
  if (weightWindowMs % 1000 !== 0) throw new RangeError(`binance.weightWindowMs must be a whole number of seconds, got ${weightWindowMs}`);
  const timeoutStatus = positiveInt('binance.timeoutStatus', o.timeoutStatus, 408);
  if (timeoutStatus < 400 || timeoutStatus > 599) throw new RangeError(`binance.timeoutStatus must be in 400..599, got ${timeoutStatus}`);
  return {
    weightLimit: positiveInt('binance.weightLimit', o.weightLimit, 6000),
    weightWindowMs,
    banMs: positiveInt('binance.banMs', o.banMs, 120_000),
    banAfter: positiveInt('binance.banAfter', o.banAfter, 3),
    timeoutStatus,
  };
}

/** Validates `opts` (throwing a `TypeError` or `RangeError` naming the bad option) and fills in defaults. */
export function resolveOptions(opts: SimulatorOptions): ResolvedOptions {
  if (!isDialectName(opts.dialect)) {
    throw new TypeError(`unknown dialect "${String(opts.dialect)}" (known: ${DIALECT_NAMES.join(', ')})`);
  }
  const dialect = opts.dialect;
  const faultRoutes = opts.faultRoutes ?? DEFAULT_FAULT_ROUTES;
  for (const route of faultRoutes) if (!isRouteName(route)) throw new TypeError(`unknown route "${String(route)}"`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(seed)}`);
  const faultDraw = opts.faultDraw ?? 'arrival';
  if (!isFaultDrawMode(faultDraw)) throw new TypeError(`faultDraw must be 'arrival' or 'request', got ${String(faultDraw)}`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer in 0..65535, got ${String(port)}`);
  let rateLimit: ResolvedOptions['rateLimit'];
  if (opts.rateLimit !== undefined) {
    const { limit, intervalMs } = opts.rateLimit;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rateLimit.limit must be a positive integer, got ${String(limit)}`);
    if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`rateLimit.intervalMs must be a positive number, got ${String(intervalMs)}`);
    }
    // BatchData documents no Retry-After: only sent when explicitly asked for.
    const retryAfter = dialect === 'batchdata' ? opts.rateLimit.retryAfter === true : opts.rateLimit.retryAfter !== false;
    rateLimit = { limit, intervalMs, retryAfter };
  }
  if (opts.apiSecret !== undefined && (typeof opts.apiSecret !== 'string' || opts.apiSecret === '')) {
    throw new TypeError('apiSecret must be a non-empty string');
  }
  if (opts.intentKey !== undefined && (typeof opts.intentKey !== 'string' || opts.intentKey === '')) {
    throw new TypeError('intentKey must be a non-empty string');
  }
  if (opts.now !== undefined && typeof opts.now !== 'function') throw new TypeError('now must be a function returning milliseconds');
  const signing = resolveSigning(dialect, opts.signing, opts.apiSecret);
  return {
    dialect,
    rates: normalizeFaultRates(opts.faults),
    faultRoutes: new Set(faultRoutes),
    seed,
    faultDraw,
    rateLimit,
    totp: opts.otpSecret === undefined ? undefined : new TotpVerifier(opts.otpSecret),
    latencyMs: nonNegative('latencyMs', opts.latencyMs, 0),
    slowMs: nonNegative('slowMs', opts.slowMs, DEFAULT_SLOW_MS),
    port,
    intentKey: opts.intentKey,
    signer: signing?.signer,
    credentials: signing?.credentials,
    lists: resolveLists(dialect, opts.lists),
    binance: resolveBinance(dialect, opts.binance),
    now: opts.now ?? Date.now,
  };
}
