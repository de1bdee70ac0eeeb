/**
 * Resending under an API's deduplication. Some APIs refuse a second request that carries an operation id they have
 * already seen, for as long as a request can still reach them (Stripe's `Idempotency-Key`; a client order id that
 * is unique for all time). For such a request an ambiguous failure needs no waiting: resend it with the same id at
 * once. Either the resend is applied (the first was not) or it is refused as a duplicate, which proves the first
 * was applied, and verification then finds it without a settle time. Until one of those answers comes, every
 * other refusal proves nothing (the first send may hold the balance the resend lacks), so it is verified too.
 * Pure: no I/O, no timers.
 * @module
 */
import type { Failure } from '../failure/types.js';
import { ruleMatches } from './match.js';
import type { DeclarativeRule, RequestFacts, Verdict } from './types.js';

/**
 * How the API refuses a request whose operation id it has already seen: every field given must match (as in a
 * declarative rule).
 * @example { status: 409 } // "a used clientId is refused with 409"
 */
export type DuplicateRefusal = Pick<DeclarativeRule, 'status' | 'code' | 'when'>;

/**
 * The verdict under deduplication, given that an earlier send of this request may have been applied unproven
 * (`earlierInDoubt`):
 * - a duplicate refusal after such a send, or of a resend after verification said `absent` (a lookup that lagged):
 *   `verify` (an earlier send was applied; a first send refused as a duplicate is the caller's reused id and keeps
 *   its verdict);
 * - `verify` (an ambiguous failure): `retry`, resending with the same operation id;
 * - `fail` after such a send: `verify` (the refusal may be caused by the earlier send);
 * - anything else as it is.
 */
export function dedupeVerdict(v: Verdict, refusal: DuplicateRefusal, request: RequestFacts, earlierInDoubt: boolean): Verdict {
  if ((earlierInDoubt || request.resent) && isDuplicate(refusal, v.failure, request)) {
    return { ...v, action: 'verify', reason: `${v.reason}; refused as a duplicate of this operation id: an earlier send was applied` };
  }
  if (v.action === 'verify') {
    return { ...v, action: 'retry', reason: `${v.reason}; the API refuses a repeated operation id, so it is resent with the same one` };
  }
  if (earlierInDoubt && v.action === 'fail') {
    return { ...v, action: 'verify', reason: `${v.reason}; an earlier send may have been applied, so this refusal proves nothing by itself` };
  }
  return v;
}

/** True when `f` is the API's refusal of an operation id it has already seen. */
export function isDuplicate(refusal: DuplicateRefusal, f: Failure, request: RequestFacts): boolean {
  return ruleMatches({ ...refusal, action: 'fail' }, f, request);
}
