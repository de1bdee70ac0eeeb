/**
 * Infinex v2 has no client order id (seed 000: none is documented), so an order is found in its order history
 * `GET /api/v2/orders/history`, filtered by `pair`, `side` and `from` (ms), by the fields sent (pair, side, type,
 * amount, price). The seed documents neither the history's shape nor a page size: this lookup reads the
 * `{"success":true,"data":[…]}` answer the simulator gives, and it proves an order absent only when you declare the
 * most items one answer holds (`limit`); without it a missing order stays `unknown`. One match → `applied`; two
 * identical orders inside the window cannot be told apart → `unknown`.
 * @module
 */
import type { VerifyContext, VerifyHook } from '../../executor/options.js';
import { isObj } from '../http.js';
import { verifyInList } from '../in-list.js';
import type { LookupRequestOptions, ProofOptions } from '../options.js';
import { sameNumber, sentFields } from '../request-fields.js';

/** Options of `lookups.infinex()`. */
export interface InfinexLookupOptions extends ProofOptions, LookupRequestOptions {
  /** The most orders one history answer holds. Without it, `absent` is never answered. */
  readonly limit?: number;
  /** The history path. @default '/api/v2/orders/history' */
  readonly path?: string;
}

const FIELDS = ['pair', 'side', 'type', 'amount', 'price'] as const;

/** True when the Infinex order `item` has the fields `ctx`'s request sent (those it sent of pair, side, type, amount, price). */
export function infinexMatches(item: unknown, ctx: VerifyContext): boolean {
  if (!isObj(item)) return false;
  const sent = sentFields(ctx.request);
  let compared = 0;
  for (const f of FIELDS) {
    const want = sent[f];
    if (want === undefined) continue;
    compared++;
    const same = f === 'amount' || f === 'price' ? sameNumber(item[f], want) : String(item[f]).toUpperCase() === String(want).toUpperCase();
    if (same !== true) return false;
  }
  return compared >= 2;
}

/** The ready lookup for Infinex orders, by the fields sent. */
export function infinexLookup(opts: InfinexLookupOptions = {}): VerifyHook {
  return verifyInList({
    ...opts,
    url: () => opts.path ?? '/api/v2/orders/history',
    params: (ctx, w) => {
      const sent = sentFields(ctx.request);
      return { ...(sent.pair === undefined ? {} : { pair: sent.pair }), ...(sent.side === undefined ? {} : { side: sent.side }), from: Math.floor(w.from) };
    },
    items: (data) => (isObj(data) && Array.isArray(data.data) ? data.data : undefined),
    match: infinexMatches,
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    itemTime: (item) => (isObj(item) && typeof item.time === 'number' ? item.time : undefined),
  });
}
