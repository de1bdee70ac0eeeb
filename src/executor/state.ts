/**
 * The state of one logical request, and small pure helpers over it.
 * @module
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { AttemptRecord, RequestSummary } from '../errors.js';
import type { Failure } from '../failure/types.js';
import type { RequestFacts } from '../policy/types.js';
import { headerEntries } from '../headers.js';
import { redactData } from '../redact-body.js';
import { pathOf, redactUrl } from '../redact-url.js';
import { redactHeaders } from '../redact.js';
import type { Conclusion } from './conclude.js';
import type { EventBase } from './events.js';
import type { ResoluteRequestOptions } from './options.js';
import { badOption, type Settings } from './validate.js';
import { isSafeToRepeat } from '../policy/safe.js';
import type { RequestObserver } from '../telemetry/types.js';

/** One logical request in progress. Mutable, private to the executor. */
export interface Run {
  readonly s: Settings;
  readonly http: AxiosInstance;
  /** The config every send starts from (the caller's, or a copy carrying the operation id). */
  config: AxiosRequestConfig;
  readonly ro: ResoluteRequestOptions | undefined;
  readonly method: string;
  readonly safe: boolean;
  readonly maxAttempts: number;
  readonly startedAt: number;
  readonly deadlineAt: number;
  readonly signal: AbortSignal | undefined;
  operationId: string | undefined;
  /** Sends so far. */
  sends: number;
  /** Sends that did not use up an attempt (after a throttle wait or with a 2FA code). */
  freeSends: number;
  /** Retry verdicts acted on so far (for backoff). */
  retries: number;
  /** Throttle waits so far (for backoff when the server gives no window). */
  throttles: number;
  lastDelayMs: number;
  readonly history: AttemptRecord[];
  /** The 2FA code for the sends, until one fails where the server may have read it (`plan`, `keepsCode`). */
  otpCode: string | undefined;
  /** True when the last send carried a code. */
  otpSent: boolean;
  /** Every 2FA code this run was given: scrubbed from whatever the server says back. */
  readonly otpCodes: string[];
  otpAsks: number;
  /** True after verify said `absent` and the request was resent. */
  resent: boolean;
  /** True while the request may have been applied and nobody knows. */
  inDoubt: boolean;
  /** True when the API dedupes on the operation id this request carries (`profile.dedupes`, id on the wire). */
  dedupes: boolean;
  /** True after an ambiguous send was resent under the API's deduplication, until an answer proves the outcome. */
  earlierInDoubt: boolean;
  /** True once the intent is in the journal. */
  journaled: boolean;
  /** The outcome, once known for sure (to settle in the journal). */
  conclusion: Conclusion | undefined;
  lastFailure: Failure | undefined;
  /** The limiter key (computed on first use). */
  limitKey: string | undefined;
  /** The telemetry observer, when the executor has telemetry. */
  obs?: RequestObserver | undefined;
}

/** Starts a run. A `method`, `url` or `baseURL` that is not a string is a TypeError naming it. */
export function newRun(s: Settings, http: AxiosInstance, config: AxiosRequestConfig): Run {
  if (typeof config !== 'object' || config === null) badOption('config', 'a request config object', config);
  const ro = config.resolute;
  for (const name of ['method', 'url', 'baseURL'] as const) {
    const v: unknown = config[name];
    if (v !== undefined && typeof v !== 'string') badOption(`config.${name}`, 'a string', v);
  }
  const method = (config.method ?? 'get').toUpperCase();
  const now = s.clock.now();
  return {
    s,
    http,
    config,
    ro,
    method,
    safe: isSafeToRepeat(method, ro?.idempotent),
    maxAttempts: ro?.maxAttempts ?? s.maxAttempts,
    startedAt: now,
    deadlineAt: now + (ro?.deadlineMs ?? s.deadlineMs),
    signal: (config.signal as AbortSignal | undefined) ?? undefined,
    operationId: undefined,
    sends: 0,
    freeSends: 0,
    retries: 0,
    throttles: 0,
    lastDelayMs: 0,
    history: [],
    otpCode: undefined,
    otpSent: false,
    otpCodes: [],
    otpAsks: 0,
    resent: false,
    inDoubt: false,
    dedupes: false,
    earlierInDoubt: false,
    journaled: false,
    conclusion: undefined,
    lastFailure: undefined,
    limitKey: undefined,
  };
}

/** The run's limiter key. */
export function limitKey(run: Run): string {
  run.limitKey ??= run.s.limits!.key(run.http, run.config);
  return run.limitKey;
}

/** Sends that used up an attempt. */
export const attemptsUsed = (run: Run): number => run.sends - run.freeSends;

/** Milliseconds since the run began. */
export const elapsed = (run: Run): number => run.s.clock.now() - run.startedAt;
/** Milliseconds left before the deadline (may be negative). */
export const remaining = (run: Run): number => run.deadlineAt - run.s.clock.now();

/** What the policy knows about the request when `f` has just happened. */
export function facts(run: Run, f: Failure): RequestFacts {
  let repeats = 0;
  for (const h of run.history) if (h.status === f.status && h.code === f.code && h.kind === f.kind) repeats++;
  return { method: run.method, url: run.config.url ?? '', safe: run.safe, resent: run.resent, otpSent: run.otpSent, repeats };
}

function isForm(headers: unknown): boolean {
  for (const [k, v] of headerEntries(headers)) {
    if (k.toLowerCase() === 'content-type') return typeof v === 'string' && /x-www-form-urlencoded/i.test(v);
  }
  return false;
}

/**
 * The request, redacted of secrets, for errors, hooks and the journal: URL userinfo and secret query parameters,
 * credential headers and secret body fields replaced; bodies and params parsed (JSON, forms) and cut at about
 * 4 KiB (cuts marked). Plain JSON data. Never throws.
 */
export function summary(config: AxiosRequestConfig, method: string): RequestSummary {
  const out: { -readonly [K in keyof RequestSummary]: RequestSummary[K] } = { method, url: '' };
  try {
    out.url = redactUrl(config.url);
    if (config.baseURL !== undefined) out.baseURL = redactUrl(config.baseURL);
    if (config.params !== undefined) out.params = redactData(config.params);
    if (config.data !== undefined) out.data = redactData(config.data, { form: isForm(config.headers) });
    if (config.headers !== undefined) out.headers = redactHeaders(config.headers);
  } catch {
    // a config whose getters throw: keep what was read
  }
  return out;
}

/** The common part of every event's context. */
export function eventBase(run: Run): EventBase {
  return {
    operationId: run.operationId ?? '',
    method: run.method,
    url: pathOf(redactUrl(run.config.url)),
    attempt: run.sends,
    elapsedMs: elapsed(run),
  };
}

/** Appends one line to the run's history. */
export function remember(run: Run, rec: Omit<AttemptRecord, 'attempt' | 'elapsedMs'>): void {
  run.history.push(Object.freeze({ attempt: run.sends, elapsedMs: elapsed(run), ...rec }));
}
