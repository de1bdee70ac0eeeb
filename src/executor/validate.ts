/**
 * Options → settings, validated. A bad option throws a TypeError naming the option and the value.
 * @module
 */
import axios, { type AxiosInstance } from 'axios';
import type { BackoffOptions } from '../backoff.js';
import type { Journal } from '../journal/types.js';
import type { Limiter } from '../limiter/types.js';
import { ACTIONS, type Rule } from '../policy/types.js';
import { profiles } from '../profiles/index.js';
import type { OtpPlacement, Profile } from '../profiles/types.js';
import { type Clock, type Sleep, sleep as defaultSleep, systemClock } from '../time.js';
import { type BreakerWiring, resolveBreaker } from './breaker-settings.js';
import { RetryBudget } from './budget.js';
import type { ExecutorEvents } from './events.js';
import { type Limits, resolveLimits } from './limits.js';
import { DEFAULTS, type ExecutorOptions, type OtpHook, type Prepare, type ResoluteRequestOptions, type VerifyHook } from './options.js';
import { showValue } from '../show.js';
import { EVENT_NAMES, unknownExecutorOption, unknownRequestOption } from './option-names.js';
import type { Telemetry } from '../telemetry/types.js';

/** Validated, defaulted executor settings. */
export interface Settings {
  readonly http: AxiosInstance;
  readonly profile: Profile;
  /** The user's rules alone. */
  readonly userRules: readonly Rule[];
  /** User rules then the profile's (the default ladder is appended by classify). */
  readonly rules: readonly Rule[];
  readonly maxAttempts: number;
  readonly deadlineMs: number;
  readonly backoff: BackoffOptions;
  readonly maxRetryAfterMs: number;
  readonly otp: OtpHook | undefined;
  readonly otpAttempts: number;
  readonly otpPlacement: OtpPlacement;
  readonly verify: VerifyHook | undefined;
  readonly verifyDelayMs: number;
  readonly verifyChecks: number;
  readonly journal: Journal | undefined;
  readonly journalTimeoutMs: number;
  readonly limits: Limits | undefined;
  readonly budget: RetryBudget | undefined;
  /** The circuit breaker; undefined with `breaker: false`. */
  readonly breaker: BreakerWiring | undefined;
  readonly prepare: Prepare | undefined;
  readonly events: ExecutorEvents;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly telemetry: Telemetry | undefined;
}

/** Throws the TypeError every bad option gets. */
export function badOption(name: string, expected: string, value: unknown): never {
  throw new TypeError(`resolute: option "${name}" must be ${expected}, got ${showValue(value)}`);
}

/** A whole number ≥ min. */
export function wholeNumber(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) badOption(name, `a whole number ≥ ${min}`, value);
  return value;
}

/** A finite number ≥ min (or > min when `exclusive`). */
export function finiteNumber(name: string, value: unknown, min: number, exclusive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (exclusive && value === min)) {
    badOption(name, `a finite number ${exclusive ? '>' : '≥'} ${min}`, value);
  }
  return value;
}

function optionalFn<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') badOption(name, 'a function', value);
  return value as T;
}

/** Validates a profile: an object with a name, a dialect that can read errors, and rules. */
export function validateProfile(name: string, p: unknown): Profile {
  if (typeof p !== 'object' || p === null) badOption(name, 'a profile (e.g. profiles.orderly)', p);
  const prof = p as Partial<Profile>;
  if (typeof prof.dialect !== 'object' || prof.dialect === null || typeof prof.dialect.readError !== 'function') {
    badOption(`${name}.dialect`, 'a dialect with a readError function', prof.dialect);
  }
  validateRules(`${name}.rules`, prof.rules ?? []);
  if (prof.formatOperationId !== undefined && typeof prof.formatOperationId !== 'function') {
    badOption(`${name}.formatOperationId`, 'a function (id) => string', prof.formatOperationId);
  }
  if (prof.dedupes !== undefined) validateDedupes(name, prof);
  return prof as Profile;
}

/** A duplicate refusal names at least its status, code or predicate, and needs the field that carries the id. */
function validateDedupes(name: string, prof: Partial<Profile>): void {
  const d = prof.dedupes as { status?: unknown; code?: unknown; when?: unknown } | null;
  if (typeof d !== 'object' || d === null || (d.status === undefined && d.code === undefined && d.when === undefined)) {
    badOption(`${name}.dedupes`, 'the duplicate refusal, e.g. { status: 409 } (status, code or when)', d);
  }
  if (d.when !== undefined && typeof d.when !== 'function') badOption(`${name}.dedupes.when`, 'a function', d.when);
  if (typeof prof.operationIdField !== 'string' || prof.operationIdField === '') {
    badOption(`${name}.operationIdField`, 'the body field that carries the operation id when dedupes is set', prof.operationIdField);
  }
}

/** Validates rules: functions, or objects whose action is one of the five. */
export function validateRules(name: string, rules: unknown): readonly Rule[] {
  if (!Array.isArray(rules)) badOption(name, 'an array of rules', rules);
  rules.forEach((r: unknown, i) => {
    if (typeof r === 'function') return;
    if (typeof r !== 'object' || r === null) badOption(`${name}[${i}]`, 'a rule object or function', r);
    const action = (r as { action?: unknown }).action;
    if (!ACTIONS.includes(action as never)) badOption(`${name}[${i}].action`, `one of ${ACTIONS.join(', ')}`, action);
    const maxRepeats = (r as { maxRepeats?: unknown }).maxRepeats;
    if (maxRepeats !== undefined && !(Number.isInteger(maxRepeats) && (maxRepeats as number) >= 0)) {
      badOption(`${name}[${i}].maxRepeats`, 'a whole number ≥ 0', maxRepeats);
    }
  });
  return rules as readonly Rule[];
}

function validatePlacement(name: string, p: unknown): OtpPlacement {
  const o = p as { bodyField?: unknown; header?: unknown } | null;
  if (typeof o !== 'object' || o === null || (typeof o.bodyField !== 'string' && typeof o.header !== 'string')) {
    badOption(name, '{ bodyField: string } or { header: string }', p);
  }
  return o as OtpPlacement;
}

/** Validates every option of `createExecutor` and fills in defaults. */
export function resolveSettings(o: ExecutorOptions): Settings {
  if (typeof o !== 'object' || o === null) badOption('options', 'an object', o);
  const unknown = unknownExecutorOption(o);
  if (unknown) badOption(unknown.name, unknown.rule, (o as Record<string, unknown>)[unknown.name]);
  const profile = validateProfile('profile', o.profile ?? profiles.generic);
  const userRules = validateRules('rules', o.rules ?? []);
  const jitter = o.jitter ?? DEFAULTS.jitter;
  if (!['full', 'decorrelated', 'none'].includes(jitter)) badOption('jitter', '"full", "decorrelated" or "none"', jitter);
  const baseDelayMs = finiteNumber('baseDelayMs', o.baseDelayMs ?? DEFAULTS.baseDelayMs, 0);
  const maxDelayMs = finiteNumber('maxDelayMs', o.maxDelayMs ?? DEFAULTS.maxDelayMs, 0);
  if (o.http !== undefined && typeof (o.http as { request?: unknown }).request !== 'function') badOption('http', 'an axios instance', o.http);
  for (const ev of EVENT_NAMES) optionalFn(ev, o[ev]);
  validateLimitOptions(o);
  const clock = o.clock ?? systemClock;
  const sleep = optionalFn<Sleep>('sleep', o.sleep) ?? defaultSleep;
  const random = optionalFn<() => number>('random', o.random) ?? Math.random;
  return {
    http: o.http ?? axios,
    profile,
    userRules,
    rules: [...userRules, ...profile.rules],
    maxAttempts: wholeNumber('maxAttempts', o.maxAttempts ?? DEFAULTS.maxAttempts, 1),
    deadlineMs: finiteNumber('deadlineMs', o.deadlineMs ?? DEFAULTS.deadlineMs, 0, true),
    backoff: { baseDelayMs, maxDelayMs, jitter },
    maxRetryAfterMs: finiteNumber('maxRetryAfterMs', o.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs, 0),
    otp: optionalFn<OtpHook>('otp', o.otp),
    otpAttempts: wholeNumber('otpAttempts', o.otpAttempts ?? DEFAULTS.otpAttempts, 1),
    otpPlacement: validatePlacement('otpPlacement', o.otpPlacement ?? profile.otp ?? { bodyField: 'code2FA' }),
    verify: optionalFn<VerifyHook>('verify', o.verify),
    verifyDelayMs: finiteNumber('verifyDelayMs', o.verifyDelayMs ?? DEFAULTS.verifyDelayMs, 0),
    verifyChecks: wholeNumber('verifyChecks', o.verifyChecks ?? DEFAULTS.verifyChecks, 1),
    journal: validateJournal(o.journal),
    journalTimeoutMs: finiteNumber('journalTimeoutMs', o.journalTimeoutMs ?? DEFAULTS.journalTimeoutMs, 0, true),
    limits: resolveLimits(o, profile, { clock, sleep, random }),
    budget: resolveBudget(o, clock),
    breaker: resolveBreaker(o, clock, (name, rule, v) => badOption(name, rule, v)),
    prepare: optionalFn<Prepare>('prepare', o.prepare),
    events: o,
    clock,
    sleep,
    random,
    telemetry: validateTelemetry(o.telemetry),
  };
}

function validateLimitOptions(o: ExecutorOptions): void {
  if (o.limiter !== undefined && o.limiter !== false) {
    const l = o.limiter as Partial<Limiter> | null;
    if (typeof l !== 'object' || l === null || typeof l.acquire !== 'function' || typeof l.pause !== 'function') {
      badOption('limiter', 'a limiter (memoryLimiter(), redisLimiter({ client }), bottleneckLimiter(b)) or false', o.limiter);
    }
  }
  if (o.rateLimit !== undefined && o.rateLimit !== false) {
    if (typeof o.rateLimit !== 'object' || o.rateLimit === null) badOption('rateLimit', '{ limit, intervalMs } or false', o.rateLimit);
    finiteNumber('rateLimit.limit', o.rateLimit.limit, 0, true);
    finiteNumber('rateLimit.intervalMs', o.rateLimit.intervalMs, 0, true);
  }
  if (o.adaptive !== undefined && typeof o.adaptive !== 'boolean' && (typeof o.adaptive !== 'object' || o.adaptive === null)) {
    badOption('adaptive', 'a boolean or adaptive options', o.adaptive);
  }
  optionalFn('weight', o.weight);
  optionalFn('limiterKey', o.limiterKey);
}

function resolveBudget(o: ExecutorOptions, clock: Clock): RetryBudget | undefined {
  if (o.retryBudget === false) return undefined;
  if (o.retryBudget !== undefined && (typeof o.retryBudget !== 'object' || o.retryBudget === null)) {
    badOption('retryBudget', '{ ratio, minPerSecond, ttlMs } or false', o.retryBudget);
  }
  const b = o.retryBudget ?? {};
  const d = DEFAULTS.retryBudget;
  return new RetryBudget(
    {
      ratio: finiteNumber('retryBudget.ratio', b.ratio ?? d.ratio, 0),
      minPerSecond: finiteNumber('retryBudget.minPerSecond', b.minPerSecond ?? d.minPerSecond, 0),
      ttlMs: finiteNumber('retryBudget.ttlMs', b.ttlMs ?? d.ttlMs, 1000),
    },
    clock,
  );
}

function validateJournal(j: unknown): Journal | undefined {
  if (j === undefined) return undefined;
  const x = j as Partial<Journal> | null;
  if (typeof x !== 'object' || x === null || typeof x.record !== 'function' || typeof x.settle !== 'function' || typeof x.pending !== 'function') {
    badOption('journal', 'a journal (fileJournal(path) or redisJournal({ client }))', j);
  }
  const kept = [x.deliver, x.lookup, x.undelivered].filter((f) => typeof f === 'function').length;
  if (kept !== 0 && kept !== 3) badOption('journal', 'a journal with all of deliver, lookup and undelivered, or none of them', j);
  return x as Journal;
}

/** Validates `config.resolute`. */
export function validateRequestOptions(r: ResoluteRequestOptions): void {
  if (typeof r !== 'object' || r === null) badOption('config.resolute', 'an object', r);
  const unknown = unknownRequestOption(r);
  if (unknown) badOption(`config.resolute.${unknown.name}`, unknown.rule, (r as Record<string, unknown>)[unknown.name]);
  if (r.maxAttempts !== undefined) wholeNumber('config.resolute.maxAttempts', r.maxAttempts, 1);
  if (r.deadlineMs !== undefined) finiteNumber('config.resolute.deadlineMs', r.deadlineMs, 0, true);
  if (r.idempotent !== undefined && typeof r.idempotent !== 'boolean') badOption('config.resolute.idempotent', 'a boolean', r.idempotent);
  if (r.operationId !== undefined && (typeof r.operationId !== 'string' || r.operationId === '')) {
    badOption('config.resolute.operationId', 'a non-empty string', r.operationId);
  }
  optionalFn('config.resolute.otp', r.otp);
  optionalFn('config.resolute.verify', r.verify);
  if (r.weight !== undefined) finiteNumber('config.resolute.weight', r.weight, 0);
}


/** Validates `telemetry`: a backend made by `openTelemetry()`. */
function validateTelemetry(t: unknown): Telemetry | undefined {
  if (t === undefined) return undefined;
  if (typeof t !== 'object' || t === null || typeof (t as Partial<Telemetry>).observe !== 'function') {
    badOption('telemetry', 'telemetry made by openTelemetry({ tracerProvider, meterProvider })', t);
  }
  return t as Telemetry;
}
