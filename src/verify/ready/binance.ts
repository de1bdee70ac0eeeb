/**
 * Binance spot: "Query order" `GET /api/v3/order?symbol=…&origClientOrderId=…` (binance/binance-spot-api-docs,
 * rest-api.md; weight 4; data source "Memory => Database"). −2013 NO_SUCH_ORDER "Order does not exist." (errors.md)
 * is the not-found: `absent` only after the settle time, which defaults to `recvWindow` + 1 s: Binance forwards a
 * request to the matching engine only while `serverTime - timestamp <= recvWindow`, and accepts a timestamp up to
 * 1 s ahead of its clock (rest-api.md "Timing security"), so later no send can still be applied. −2026
 * ORDER_ARCHIVED means the order existed: `applied`. The lookup is SIGNED (`timestamp`, `signature`,
 * `X-MBX-APIKEY`): pass `sign`, which runs right before every lookup.
 *
 * Binance documents no bound on the matching engine itself once a request is forwarded ("−1007 … does not always
 * mean that the request failed in the Matching Engine"): raise `settleMs` for more margin after −1007.
 * @module
 */
import type { VerifyContext, VerifyHook } from '../../executor/options.js';
import { verifyByLookup } from '../by-id.js';
import { isObj } from '../http.js';
import { msOption, type LookupRequestOptions, type ProofOptions } from '../options.js';
import { sentFields, sentText } from '../request-fields.js';

/** Options of `lookups.binance()`. */
export interface BinanceLookupOptions extends ProofOptions, LookupRequestOptions {
  /**
   * The `recvWindow` your orders are signed with, in ms; the settle time defaults to it plus 1 000.
   * @default 5_000
   */
  readonly recvWindowMs?: number;
  /** The order's symbol. @default the request's `symbol` field */
  readonly symbol?: (ctx: VerifyContext) => string | undefined;
  /** The lookup path. @default '/api/v3/order' */
  readonly path?: string;
}

/** The ready lookup for Binance spot orders placed with `newClientOrderId` = the operation id. */
export function binanceLookup(opts: BinanceLookupOptions = {}): VerifyHook {
  const recvWindowMs = msOption('lookups.binance', 'recvWindowMs', opts.recvWindowMs, 5_000);
  const symbolOf = opts.symbol ?? ((ctx: VerifyContext) => sentText(sentFields(ctx.request), 'symbol'));
  const code = (data: unknown): number => (isObj(data) ? Number(data.code) : Number.NaN);
  return verifyByLookup({
    ...opts,
    settleMs: opts.settleMs ?? recvWindowMs + 1_000,
    url: () => opts.path ?? '/api/v3/order',
    params: (ctx) => {
      const symbol = symbolOf(ctx);
      if (symbol === undefined || symbol === '') throw new Error('lookups.binance: the request names no symbol (pass options.symbol)');
      return { symbol, origClientOrderId: ctx.operationId };
    },
    applied: (r) => (r.status === 200 && isObj(r.data) && r.data.orderId !== undefined) || code(r.data) === -2026,
    absent: (r) => r.status >= 400 && r.status < 500 && code(r.data) === -2013,
  });
}
