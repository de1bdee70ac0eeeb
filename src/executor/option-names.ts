/**
 * The option names `createExecutor` and `config.resolute` know. A name they do not know is a `TypeError` naming it
 * (and the nearest known name): a misspelt option silently left at its default is the worst kind of bad option.
 * @module
 */
import type { ExecutorEvents } from './events.js';
import type { ExecutorOptions, ResoluteRequestOptions } from './options.js';

/** The event hooks, in the order they are documented. */
export const EVENT_NAMES = [
  'onAttempt',
  'onRetry',
  'onGiveUp',
  'onSuccess',
  'onThrottle',
  'onOtp',
  'onVerify',
  'onReconcile',
  'onJournalError',
  'onBreaker',
] as const satisfies readonly (keyof ExecutorEvents)[];

const EXECUTOR_NAMES = [
  'http', 'profile', 'rules', 'maxAttempts', 'deadlineMs', 'baseDelayMs', 'maxDelayMs', 'jitter', 'maxRetryAfterMs', 'otp',
  'otpAttempts', 'otpPlacement', 'verify', 'verifyDelayMs', 'verifyChecks', 'journal', 'journalTimeoutMs', 'limiter',
  'rateLimit', 'adaptive', 'weight', 'limiterKey', 'retryBudget', 'breaker', 'prepare', 'clock', 'sleep', 'random',
  'telemetry', ...EVENT_NAMES,
] as const satisfies readonly (keyof ExecutorOptions)[];

const REQUEST_NAMES = ['maxAttempts', 'deadlineMs', 'idempotent', 'operationId', 'otp', 'verify', 'weight'] as const satisfies readonly (keyof ResoluteRequestOptions)[];

// Compile-time: every declared option is listed (a new option must be added above).
type Unlisted<T, L extends readonly unknown[]> = Exclude<keyof T, L[number]>;
const complete: [Unlisted<ExecutorOptions, typeof EXECUTOR_NAMES>, Unlisted<ResoluteRequestOptions, typeof REQUEST_NAMES>] extends [never, never] ? true : false = true;
void complete;

const EXECUTOR = new Set<string>(EXECUTOR_NAMES);
const REQUEST = new Set<string>(REQUEST_NAMES);

/** Edit distance of two short strings, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length]!;
}

/** The rule an unknown option breaks, with the nearest known name (or all of them). */
function leftOut(where: string, name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return `left out: it is not an option of ${where} (${best === undefined ? `known: ${known.join(', ')}` : `did you mean "${best}"?`})`;
}

/** The first own key of `createExecutor`'s options it does not know, with the rule it breaks. */
export function unknownExecutorOption(o: object): { name: string; rule: string } | undefined {
  for (const name of Object.keys(o)) if (!EXECUTOR.has(name)) return { name, rule: leftOut('createExecutor', name, EXECUTOR_NAMES) };
  return undefined;
}

/** The first own key of `config.resolute` that is not a request option, with the rule it breaks. */
export function unknownRequestOption(r: object): { name: string; rule: string } | undefined {
  for (const name of Object.keys(r)) if (!REQUEST.has(name)) return { name, rule: leftOut('config.resolute', name, REQUEST_NAMES) };
  return undefined;
}
