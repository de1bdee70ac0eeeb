/**
 * `verifyInList`: look for the operation in a list (for APIs without a lookup by client id). Found → `applied` at
 * once. Not found → `absent` only when the list demonstrably covers the moment of the send (its query reaches back
 * before the request began, no page or count limit cut it: see `listCovers`) and the settle time has passed since
 * the ambiguous failure; otherwise `unknown`. Several matches (identical orders) → `unknown`, unless a match names
 * the operation for certain (`unique`).
 * @module
 */
import type { AxiosResponse } from 'axios';
import type { VerifyContext, VerifyHook, VerifyResult } from '../executor/options.js';
import { systemClock } from '../time.js';
import { type Coverage, listCovers } from './coverage.js';
import { lookupGet } from './http.js';
import { badOption, checkCommon, fnOption, type LookupRequestOptions, msOption, type ProofOptions, VERIFY_DEFAULTS } from './options.js';
import { sendFrom, sinceFailure } from './settle.js';

/** The time span a list query must cover: from before the first send until the lookup. */
export interface ListWindow {
  /** The earliest moment a send of this request can have happened, clock skew included (ms since the epoch). */
  readonly from: number;
  /** The lookup's time (ms since the epoch). */
  readonly until: number;
}

/** Options of `verifyInList`. */
export interface ListOptions extends ProofOptions, LookupRequestOptions {
  /** The list URL (recent orders, order history). */
  readonly url: (ctx: VerifyContext) => string;
  /**
   * Query parameters narrowing the list (pair, side, and a start time no later than `window.from`, so the query
   * covers the send).
   * @example (ctx, w) => ({ pair: 'BTC_USDT', start_time: new Date(w.from).toISOString() })
   */
  readonly params?: (ctx: VerifyContext, window: ListWindow) => Record<string, unknown>;
  /** The items inside a successful response body; `undefined` when the body is not a list answer. */
  readonly items: (data: unknown) => readonly unknown[] | undefined;
  /** True when `item` is this operation (compare the fields the request sent). */
  readonly match: (item: unknown, ctx: VerifyContext) => boolean;
  /** A match names this operation for certain (it carries the client order id). @default false */
  readonly unique?: boolean;
  /**
   * The most items one answer can hold: the API's cap or the page size asked for. Without it (and without
   * `complete`), a missing order is never `absent`: a cut cannot be ruled out.
   * @example 100 // ALP: "up to 100 most recent"
   */
  readonly limit?: number;
  /** True when the answer says more pages follow. */
  readonly more?: (data: unknown, items: readonly unknown[]) => boolean;
  /** True/false when the answer says it is (not) the whole result (e.g. a total); `undefined` when it says nothing. */
  readonly complete?: (data: unknown, items: readonly unknown[]) => boolean | undefined;
  /** An item's creation time in ms, to tell whether a full answer still reaches past the send. */
  readonly itemTime?: (item: unknown) => number | undefined;
  /** Which end of the result a cut answer keeps (`newest`: "the 100 most recent"). @default unknown */
  readonly keeps?: 'newest' | 'oldest';
  /** The data handed to the caller when applied. @default the matching item */
  readonly data?: (item: unknown, res: AxiosResponse) => unknown;
}

/** What one list lookup found, and why it answers what it answers. */
export interface ListJudgement {
  readonly outcome: VerifyResult['outcome'];
  readonly why: string;
}

/** The decision, from what was found. Pure. */
export function judgeList(found: { matches: number; unique: boolean; settled: boolean; coverage: Coverage }): ListJudgement {
  if (found.matches === 1 || (found.unique && found.matches > 1)) return { outcome: 'applied', why: 'found in the list' };
  if (found.matches > 1) return { outcome: 'unknown', why: `${found.matches} items match the fields sent: cannot tell which is this operation` };
  if (!found.settled) return { outcome: 'unknown', why: 'not found, but the settle time since the failure has not passed' };
  if (!found.coverage.covers) return { outcome: 'unknown', why: `not found, but the list may not cover the send: ${found.coverage.why}` };
  return { outcome: 'absent', why: 'not found in a list that covers the send, after the settle time' };
}

const OWNER = 'verifyInList';

/** Checks `verifyInList`'s options; returns the settle time, the skew and the limit. */
function checked(opts: ListOptions): { settleMs: number; skewMs: number } {
  checkCommon(OWNER, opts);
  for (const name of ['url', 'items', 'match'] as const) {
    if (typeof opts[name] !== 'function') badOption(OWNER, name, 'a function', opts[name]);
  }
  for (const name of ['params', 'more', 'complete', 'itemTime', 'data'] as const) fnOption(OWNER, name, opts[name]);
  if (opts.limit !== undefined && (typeof opts.limit !== 'number' || !Number.isInteger(opts.limit) || opts.limit < 1)) {
    badOption(OWNER, 'limit', 'an integer >= 1', opts.limit);
  }
  if (opts.keeps !== undefined && opts.keeps !== 'newest' && opts.keeps !== 'oldest') badOption(OWNER, 'keeps', "'newest' or 'oldest'", opts.keeps);
  return {
    settleMs: msOption(OWNER, 'settleMs', opts.settleMs, VERIFY_DEFAULTS.settleMs),
    skewMs: msOption(OWNER, 'skewMs', opts.skewMs, VERIFY_DEFAULTS.skewMs),
  };
}

/** A verify hook that looks for the operation in a list. */
export function verifyInList(opts: ListOptions): VerifyHook {
  const { settleMs, skewMs } = checked(opts);
  const clock = opts.clock ?? systemClock;
  return async (ctx): Promise<VerifyResult> => {
    const now = clock.now();
    const since = sinceFailure(ctx, now);
    const window: ListWindow = { from: sendFrom(ctx, now, skewMs), until: now };
    const res = await lookupGet(ctx, opts, opts.url(ctx), opts.params?.(ctx, window));
    if (res.status < 200 || res.status >= 300) return { outcome: 'unknown' };
    const items = opts.items(res.data);
    if (!Array.isArray(items)) return { outcome: 'unknown' };
    const hits = items.filter((item) => opts.match(item, ctx));
    const coverage = listCovers({
      count: items.length,
      limit: opts.limit,
      more: opts.more?.(res.data, items),
      complete: opts.complete?.(res.data, items),
      times: opts.itemTime ? items.map((item) => opts.itemTime!(item)) : undefined,
      keeps: opts.keeps,
      from: window.from,
      until: window.until,
    });
    const verdict = judgeList({ matches: hits.length, unique: opts.unique === true, settled: since >= settleMs, coverage });
    if (verdict.outcome === 'applied') return { outcome: 'applied', data: opts.data ? opts.data(hits[0], res) : hits[0] };
    if (verdict.outcome === 'unknown' && since < settleMs && hits.length === 0 && coverage.covers) return { outcome: 'unknown', checkAgainInMs: settleMs - since };
    return { outcome: verdict.outcome };
  };
}
