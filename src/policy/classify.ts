/**
 * Failure + request + rules → Verdict. Pure: no I/O, no timers.
 * @module
 */
import type { Failure } from '../failure/types.js';
import { defaultLadder } from './ladder.js';
import { ruleMatches } from './match.js';
import type { RequestFacts, Rule, Verdict } from './types.js';
import { failureLabel } from '../failure/label.js';

/**
 * Classifies one failed attempt. User rules, then the profile's, then the default ladder; the first
 * matching rule decides. An exception thrown by a user rule propagates to the caller.
 */
export function classifyFailure(failure: Failure, request: RequestFacts, rules: readonly Rule[]): Verdict {
  for (const rule of [...rules, ...defaultLadder]) {
    if (typeof rule === 'function') {
      const d = rule(failure, request);
      if (d) return verdict(d.action, d.reason ?? 'matched a rule function', failure);
      continue;
    }
    if (ruleMatches(rule, failure, request)) return verdict(rule.action, rule.reason ?? 'matched a rule', failure);
  }
  /* c8 ignore next */
  return verdict('fail', 'not retryable', failure);
}

function verdict(action: Verdict['action'], reason: string, failure: Failure): Verdict {
  const v: Verdict = { action, reason: `${failureLabel(failure)}: ${reason}`, failure };
  return failure.retryAfterMs === undefined ? v : { ...v, retryAfterMs: failure.retryAfterMs };
}
