/**
 * ALP.COM v3 has no lookup by client order id, and its order list carries no `client_order_id`: "Orders"
 * `GET /api/v3/accounts/order` (ALPCOMDEV/alp-api-docs, source/index.html.md) filtered by `pair`, `side` (BUY/SELL)
 * and `start_time` (≥; RFC 3339 in the 2023-2024 reference; "interval must not exceed 30 days"), items `id`, `pair`,
 * `amount`, `price`, `side` BID/ASK, `type`, `date`; "up to 100 most recent" (2026 reference). This lookup finds the
 * order by the fields sent (pair, side, amount, price, type) among orders created since just before the request
 * began. One match → `applied` with `[id]`, the shape "Place Order" answers. Two identical orders inside the window
 * cannot be told apart → `unknown`. Not found → `absent` only when the list covers the send (fewer than 100 items,
 * or a full answer still holding an older order) and the settle time has passed.
 * @module
 */
import type { VerifyContext, VerifyHook } from '../../executor/options.js';
import { isObj } from '../http.js';
import { verifyInList } from '../in-list.js';
import { msOption, type LookupRequestOptions, type ProofOptions } from '../options.js';
import { sameNumber, sentFields, sentText } from '../request-fields.js';

/** Options of `lookups.alp()`. */
export interface AlpLookupOptions extends ProofOptions, LookupRequestOptions {
  /** The most orders one answer holds. @default 100 ("up to 100 most recent") */
  readonly cap?: number;
  /** How `start_time` is sent: RFC 3339 (2023-2024 reference) or Unix seconds. @default 'rfc3339' */
  readonly timeFormat?: 'rfc3339' | 'unix';
  /** The list path. @default '/api/v3/accounts/order' */
  readonly path?: string;
}

const upper = (v: unknown): string => (typeof v === 'string' ? v.toUpperCase() : '');
/** BUY/BID and SELL/ASK ("order_side … also accepts BID / ASK"; items say BID/ASK). */
const bid = (side: string): boolean | undefined => (side === 'BUY' || side === 'BID' ? true : side === 'SELL' || side === 'ASK' ? false : undefined);

/** True when the ALP order `item` has the fields `ctx`'s request sent. */
export function alpMatches(item: unknown, ctx: VerifyContext): boolean {
  if (!isObj(item)) return false;
  const sent = sentFields(ctx.request);
  const side = bid(upper(sent.order_side));
  if (item.pair !== sent.pair || side === undefined || bid(upper(item.side)) !== side) return false;
  if (upper(item.type) !== upper(sent.order_type)) return false;
  const amount = sentText(sent, 'base_amount');
  if (amount !== undefined && sameNumber(item.amount, amount) !== true) return false;
  const price = sentText(sent, 'limit_price');
  if (price !== undefined && sameNumber(item.price, price) !== true) return false;
  return amount !== undefined || price !== undefined;
}

/** The ready lookup for ALP orders (POST /api/v3/trading/order), by the fields sent. */
export function alpLookup(opts: AlpLookupOptions = {}): VerifyHook {
  const cap = msOption('lookups.alp', 'cap', opts.cap, 100);
  const unix = opts.timeFormat === 'unix';
  return verifyInList({
    ...opts,
    url: () => opts.path ?? '/api/v3/accounts/order',
    params: (ctx, w) => {
      const sent = sentFields(ctx.request);
      const side = bid(upper(sent.order_side));
      if (!Number.isFinite(w.from)) throw new Error('lookups.alp: the verify context does not say when the request began (elapsedMs)');
      const from = Math.floor(w.from / 1000); // whole seconds, rounded down: still before the send
      return {
        ...(typeof sent.pair === 'string' ? { pair: sent.pair } : {}),
        ...(side === undefined ? {} : { side: side ? 'BUY' : 'SELL' }),
        start_time: unix ? from : new Date(from * 1000).toISOString().replace('.000Z', 'Z'),
      };
    },
    items: (data) => (Array.isArray(data) ? data : undefined),
    match: alpMatches,
    limit: cap,
    keeps: 'newest',
    itemTime: (item) => (isObj(item) && typeof item.date === 'string' ? Date.parse(item.date) : undefined),
    data: (item) => [(item as { id?: unknown }).id],
  });
}
