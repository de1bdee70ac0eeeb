/**
 * Does a declarative rule match a failure? Pure.
 * @module
 */
import type { Failure } from '../failure/types.js';
import type { DeclarativeRule, RequestFacts, StatusRange } from './types.js';

function oneOf<T>(want: T | readonly T[], have: T | undefined): boolean {
  if (have === undefined) return false;
  return Array.isArray(want) ? (want as readonly T[]).includes(have) : want === have;
}

function statusMatches(want: number | readonly number[] | StatusRange, status: number | undefined): boolean {
  if (status === undefined) return false;
  if (typeof want === 'object' && !Array.isArray(want)) {
    const r = want as StatusRange;
    return status >= r.from && status <= r.to;
  }
  return oneOf(want as number | readonly number[], status);
}

function methodMatches(want: string | readonly string[], method: string): boolean {
  const list = typeof want === 'string' ? [want] : want;
  return list.some((m) => m.toUpperCase() === method);
}

/** True when every field the rule sets matches. */
export function ruleMatches(rule: DeclarativeRule, failure: Failure, request: RequestFacts): boolean {
  if (rule.status !== undefined && !statusMatches(rule.status, failure.status)) return false;
  if (rule.code !== undefined && !oneOf(rule.code, failure.code)) return false;
  if (rule.method !== undefined && !methodMatches(rule.method, request.method)) return false;
  if (rule.safe !== undefined && rule.safe !== request.safe) return false;
  if (rule.kind !== undefined && !oneOf(rule.kind, failure.kind)) return false;
  if (rule.sent !== undefined && rule.sent !== failure.sent) return false;
  if (rule.resent !== undefined && rule.resent !== request.resent) return false;
  if (rule.otpSent !== undefined && rule.otpSent !== request.otpSent) return false;
  if (rule.maxRepeats !== undefined && request.repeats > rule.maxRepeats) return false;
  if (rule.url !== undefined) {
    if (typeof rule.url === 'string' ? !request.url.includes(rule.url) : !rule.url.test(request.url)) return false;
  }
  if (rule.when !== undefined && !rule.when(failure, request)) return false;
  return true;
}
