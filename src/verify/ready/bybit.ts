/**
 * Bybit v5: "Get Open & Closed Orders" `GET /v5/order/realtime?category=…&orderLinkId=…` (open orders in real time,
 * and "recent 500 closed status" orders, cleared "if the Bybit service is restarted"; bybit-exchange/docs
 * docs/v5/order/open-order.mdx), then "Get Order History" `GET /v5/order/history` ("As order creation/cancellation
 * is asynchronous, the data returned from this endpoint may delay"; docs/v5/order/order-list.mdx). Found in either
 * → `applied`. Bybit documents neither answer as authoritative when the order is missing (creation is
 * asynchronous, the realtime list forgets closed orders on restart, the history lags), so this lookup never
 * answers `absent`: a missing order stays `unknown`, and the executor surfaces an `IndeterminateError` rather than
 * risk a duplicate. Signed requests (`X-BAPI-SIGN`): pass `sign`.
 * @module
 */
import type { VerifyContext, VerifyHook, VerifyResult } from '../../executor/options.js';
import { lookupGet, isObj } from '../http.js';
import { checkCommon, type LookupRequestOptions } from '../options.js';
import { sentFields, sentText } from '../request-fields.js';

/** Options of `lookups.bybit()`. */
export interface BybitLookupOptions extends LookupRequestOptions {
  /** The product type (`spot`, `linear`, `inverse`, `option`). @default the request's `category` field */
  readonly category?: (ctx: VerifyContext) => string | undefined;
}

function found(data: unknown, id: string): unknown {
  if (!isObj(data) || data.retCode !== 0 || !isObj(data.result) || !Array.isArray(data.result.list)) return undefined;
  return (data.result.list as unknown[]).find((o) => isObj(o) && o.orderLinkId === id);
}

/** The ready lookup for Bybit orders placed with `orderLinkId` = the operation id. */
export function bybitLookup(opts: BybitLookupOptions = {}): VerifyHook {
  checkCommon('lookups.bybit', opts);
  const categoryOf = opts.category ?? ((ctx: VerifyContext) => sentText(sentFields(ctx.request), 'category'));
  return async (ctx): Promise<VerifyResult> => {
    const category = categoryOf(ctx);
    if (category === undefined || category === '') throw new Error('lookups.bybit: the request names no category (pass options.category)');
    const params = { category, orderLinkId: ctx.operationId };
    for (const path of ['/v5/order/realtime', '/v5/order/history']) {
      const res = await lookupGet(ctx, opts, path, params);
      const order = res.status === 200 ? found(res.data, ctx.operationId) : undefined;
      if (order !== undefined) return { outcome: 'applied', data: order };
    }
    return { outcome: 'unknown' };
  };
}
