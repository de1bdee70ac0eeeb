/**
 * Fuzzing error bodies through the whole executor: hostile bodies (test/helpers/hostile-bodies.ts) × the five
 * profiles × statuses × methods, answered by a stub axios adapter (the second send, if any, gets a plain 200). Each
 * case reports how `request()` settled and what the oracle expected; `checkCase` says what is wrong with it, if
 * anything. Used by test/executor/fuzz-bodies.test.ts (a few thousand cases) and scripts/fuzz-bodies.ts (50,000).
 */
import { inspect } from 'node:util';
import {
  createExecutor,
  DeadlineExceededError,
  IndeterminateError,
  PermanentError,
  type Profile,
  profiles,
  ResoluteError,
  TwoFactorError,
} from '../../src/index.js';
import type { BodyCase } from './hostile-bodies.js';
import { instantTime, stubHttp } from './stub-http.js';

export { bodyCase, type BodyCase, hostileBody, PROFILES } from './hostile-bodies.js';

/** How a case settled. */
export interface CaseResult {
  readonly outcome: 'success' | 'PermanentError' | 'RetriesExhaustedError' | 'TwoFactorError' | 'IndeterminateError' | 'DeadlineExceededError' | 'other';
  readonly error?: unknown;
  readonly sends: number;
  readonly ms: number;
  /** Problems seen inside event hooks (an event that could not be serialized). */
  readonly hookProblems: string[];
  /** What the oracle expects, or `undefined` when the body carried a code a rule knows (classification may differ). */
  readonly expected: CaseResult['outcome'] | undefined;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']); // what isSafeToRepeat says without `idempotent`

/** The codes the profile's rules name: a body carrying one is classified by it, not by status alone. */
function knownCodes(p: Profile): Set<unknown> {
  const out = new Set<unknown>();
  for (const r of p.rules) if (typeof r === 'object' && r.code !== undefined) for (const c of Array.isArray(r.code) ? r.code : [r.code]) out.add(c);
  return out;
}

/** What the body looks like once axios has read it (its default transform parses a JSON string). */
function delivered(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** The oracle: by status and method alone (no known code in the body). */
function expectedOutcome(c: BodyCase, p: Profile): CaseResult['outcome'] {
  const safe = SAFE.has(c.method);
  let status = c.status;
  if (status >= 200 && status < 300) {
    let isError = false;
    try {
      isError = p.dialect.isErrorBody?.(delivered(c.body)) === true;
    } catch {
      isError = false;
    }
    if (!isError) return 'success';
    status = 200;
  }
  if (status === 429) return 'success'; // throttle, then the plain 200
  if (status === 511) return c.hooks ? 'success' : 'TwoFactorError';
  if (status === 500 || status === 503) return 'success'; // retry
  if (status === 502 || status === 504) return safe ? 'success' : c.hooks ? 'success' : 'IndeterminateError';
  if (status >= 500 && status <= 599 && !safe) return c.hooks ? 'success' : 'IndeterminateError';
  return 'PermanentError';
}

function nameOf(e: unknown): CaseResult['outcome'] {
  if (!(e instanceof ResoluteError)) return 'other';
  if (e instanceof PermanentError) return 'PermanentError';
  if (e instanceof TwoFactorError) return 'TwoFactorError';
  if (e instanceof IndeterminateError) return 'IndeterminateError';
  if (e instanceof DeadlineExceededError) return 'DeadlineExceededError';
  return e.name === 'RetriesExhaustedError' ? 'RetriesExhaustedError' : 'other';
}

/** Runs one case through a fresh executor on a stub adapter and instant fake time. */
export async function runCase(c: BodyCase): Promise<CaseResult> {
  const profile = profiles[c.profile];
  const hookProblems: string[] = [];
  const look = (kind: string) => (e: unknown) => {
    try {
      if (JSON.stringify(e).length > 64_000) hookProblems.push(`${kind}: event over 64 KB`);
      inspect(e, { depth: Infinity });
    } catch (err) {
      hookProblems.push(`${kind}: ${String(err)}`);
    }
  };
  const stub = stubHttp([{ status: c.status, data: c.body, headers: c.headers }, { status: 200, data: c.profile === 'orderly' ? { success: true } : { ok: true } }]);
  const ex = createExecutor({
    http: stub.http,
    profile,
    ...instantTime(),
    random: () => 0.5,
    ...(c.hooks
      ? {
          otp: () => '123456',
          verify: () => ({ outcome: 'absent' as const }),
          onAttempt: look('onAttempt'),
          onRetry: look('onRetry'),
          onThrottle: look('onThrottle'),
          onOtp: look('onOtp'),
          onVerify: look('onVerify'),
          onGiveUp: look('onGiveUp'),
          onSuccess: look('onSuccess'),
        }
      : {}),
  });
  const codes = knownCodes(profile);
  const t0 = performance.now();
  let outcome: CaseResult['outcome'];
  let error: unknown;
  try {
    await ex.request({ method: c.method, url: '/v1/order', data: c.method === 'GET' || c.method === 'DELETE' ? undefined : { symbol: 'BTC', qty: 1 } });
    outcome = 'success';
  } catch (e) {
    error = e;
    outcome = nameOf(e);
  }
  const ms = performance.now() - t0;
  const failureCode = error instanceof ResoluteError ? error.failure?.code : undefined;
  const expected = failureCode !== undefined && codes.has(failureCode) ? undefined : expectedOutcome(c, profile);
  return { outcome, error, sends: stub.sent.length, ms, hookProblems, expected };
}

/** Everything wrong with a case's result (empty when it is right). `maxMs` bounds the time one body may take. */
export function checkCase(r: CaseResult, maxMs: number): string[] {
  const problems = [...r.hookProblems];
  if (r.outcome === 'other') problems.push(`rejected outside the set: ${inspect(r.error, { depth: 2 }).slice(0, 500)}`);
  if (r.expected !== undefined && r.outcome !== r.expected) problems.push(`classified ${r.outcome}, expected ${r.expected}`);
  if (r.ms > maxMs) problems.push(`took ${r.ms.toFixed(0)} ms (bound ${maxMs} ms)`);
  if (r.error !== undefined) {
    try {
      const json = JSON.stringify(r.error);
      if (json.length > 64_000) problems.push(`the error serializes to ${json.length} characters`);
      inspect(r.error, { depth: Infinity });
    } catch (e) {
      problems.push(`the error cannot be serialized: ${String(e)}`);
    }
  }
  return problems;
}

/** The p-th percentile (0..100) of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
