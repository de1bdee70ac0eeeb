/**
 * The settle rule: an `absent` is believed only after enough time has passed since the ambiguous failure, and a
 * list only covers the send if it reaches back before the request began.
 *
 * The executor tells a verify hook how long ago the logical request began (`elapsedMs`), not when the failure
 * happened. The failure came before the first check of its round, so the time since that first check is a lower
 * bound of the time since the failure: that bound is what is measured here, per failure and operation id (a
 * resend's failure starts a new round at check 1). A context that carries `sinceFailureMs` is taken at its word.
 * @module
 */
import type { VerifyContext } from '../executor/options.js';

/** First-check times per failure object, then per operation id. Failures of finished runs are collected. */
const firstChecks = new WeakMap<object, Map<string, number>>();
/** A failure object shared by many operations (start-up reconciliation's) keeps at most this many entries. */
const MAX_PER_FAILURE = 10_000;

/**
 * Milliseconds that have surely passed since `ctx`'s ambiguous failure, at `now`: `ctx.sinceFailureMs` when the
 * executor says it, else the time since the first check of this failure's round (0 at that first check).
 */
export function sinceFailure(ctx: VerifyContext, now: number): number {
  const told = (ctx as { readonly sinceFailureMs?: unknown }).sinceFailureMs;
  if (typeof told === 'number' && Number.isFinite(told) && told >= 0) return told;
  const failure: unknown = ctx.failure;
  if (typeof failure !== 'object' || failure === null) return 0;
  let byOp = firstChecks.get(failure);
  if (byOp === undefined) {
    byOp = new Map();
    firstChecks.set(failure, byOp);
  }
  const first = byOp.get(ctx.operationId);
  if (ctx.check <= 1 || first === undefined || first > now) {
    if (byOp.size >= MAX_PER_FAILURE) byOp.clear();
    byOp.set(ctx.operationId, now);
    return 0;
  }
  return now - first;
}

/** The earliest moment a send of `ctx`'s request can have happened, at `now`, less the clock skew allowed. */
export function sendFrom(ctx: VerifyContext, now: number, skewMs: number): number {
  const elapsed = typeof ctx.elapsedMs === 'number' && Number.isFinite(ctx.elapsedMs) ? Math.max(0, ctx.elapsedMs) : Number.POSITIVE_INFINITY;
  return now - elapsed - skewMs;
}
