/**
 * Verify hooks for the common lookup shapes (fetch one order by its client id, or find it in a list) and the
 * ready lookups per API. Each answers `applied` with the order as data at once; `absent` only when the answer
 * proves it (an authoritative not-found, or a list that covers the send) and the settle time has passed since the
 * ambiguous failure; `unknown` for anything else (a 5xx, a timeout, an HTML page, a cut list, too early).
 * @module
 */
import { alpLookup } from './ready/alp.js';
import { binanceLookup } from './ready/binance.js';
import { bybitLookup } from './ready/bybit.js';
import { infinexLookup } from './ready/infinex.js';
import { okxLookup } from './ready/okx.js';
import { orderlyLookup } from './ready/orderly.js';

export { verifyByLookup, type LookupOptions } from './by-id.js';
export { judgeList, verifyInList, type ListJudgement, type ListOptions, type ListWindow } from './in-list.js';
export { listCovers, type Coverage, type ListShape } from './coverage.js';
export { VERIFY_DEFAULTS, type LookupRequestOptions, type ProofOptions } from './options.js';
export type { AlpLookupOptions } from './ready/alp.js';
export type { BinanceLookupOptions } from './ready/binance.js';
export type { BybitLookupOptions } from './ready/bybit.js';
export type { InfinexLookupOptions } from './ready/infinex.js';
export type { OkxLookupOptions } from './ready/okx.js';
export type { OrderlyLookupOptions } from './ready/orderly.js';

/**
 * Ready lookups, one per API that has a usable one. BatchData documents no way to look a request up: it has none.
 *
 * @example
 * createExecutor({ profile: profiles.binance, verify: lookups.binance({ sign }) });
 */
export const lookups = Object.freeze({
  /** Orderly: `GET /v1/client/order/{client_order_id}`; −1006 is the not-found. */
  orderly: orderlyLookup,
  /** ALP: `GET /api/v3/accounts/order`, matched by the fields sent (ALP lists carry no client order id). */
  alp: alpLookup,
  /** Infinex: the order history, matched by the fields sent; `absent` only with a declared `limit`. */
  infinex: infinexLookup,
  /** Binance spot: `GET /api/v3/order?origClientOrderId=`; −2013 is the not-found. */
  binance: binanceLookup,
  /** Bybit v5: `GET /v5/order/realtime`, then `/v5/order/history`, by `orderLinkId`; never `absent`. */
  bybit: bybitLookup,
  /** OKX: `GET /api/v5/trade/order?clOrdId=`; 51603 is the not-found (within 2 hours). */
  okx: okxLookup,
});
