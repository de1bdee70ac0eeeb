/**
 * OKX: "Get order details" `GET /api/v5/trade/order?instId=…&clOrdId=…` (www.okx.com/docs-v5/en/
 * #order-book-trading-trade-get-order-details). Answers `{"code":"0","data":[order]}`; 51603 "Order does not
 * exist." (www.okx.com/docs-v5/en/#error-code-rest-api-public) is the not-found, `absent` only after the settle
 * time and only for requests younger than 2 hours: "incomplete orders that have been canceled are only reserved for
 * 2 hours" (…#order-book-trading-trade-get-order-history-last-7-days), so an older unfilled order may be gone.
 * OKX bounds a late request only when the order carries the `expTime` header ("the request will not be processed
 * if the current system time of the server is after the expTime", …#overview-transaction-timeouts): send one in
 * `prepare` no later than the settle time after signing. Signed requests: pass `sign`.
 * @module
 */
import type { VerifyContext, VerifyHook } from '../../executor/options.js';
import { verifyByLookup } from '../by-id.js';
import { isObj } from '../http.js';
import type { LookupRequestOptions, ProofOptions } from '../options.js';
import { sentFields, sentText } from '../request-fields.js';

/** Options of `lookups.okx()`. */
export interface OkxLookupOptions extends ProofOptions, LookupRequestOptions {
  /** The order's instrument. @default the request's `instId` field */
  readonly instId?: (ctx: VerifyContext) => string | undefined;
  /** How long OKX keeps an order it can answer about, in ms. @default 7_200_000 (2 hours) */
  readonly maxAgeMs?: number;
}

/** OKX keeps canceled orders without fills for 2 hours. */
const TWO_HOURS = 7_200_000;

/** The ready lookup for OKX orders placed with `clOrdId` = the operation id. */
export function okxLookup(opts: OkxLookupOptions = {}): VerifyHook {
  const instOf = opts.instId ?? ((ctx: VerifyContext) => sentText(sentFields(ctx.request), 'instId'));
  const code = (data: unknown): string => (isObj(data) ? String(data.code) : '');
  return verifyByLookup({
    maxAgeMs: TWO_HOURS,
    ...opts,
    url: () => '/api/v5/trade/order',
    params: (ctx) => {
      const instId = instOf(ctx);
      if (instId === undefined || instId === '') throw new Error('lookups.okx: the request names no instId (pass options.instId)');
      return { instId, clOrdId: ctx.operationId };
    },
    applied: (r) => r.status === 200 && code(r.data) === '0' && Array.isArray((r.data as { data?: unknown }).data) && ((r.data as { data: unknown[] }).data.length > 0),
    absent: (r) => code(r.data) === '51603',
    data: (r) => (r.data as { data: unknown[] }).data[0],
  });
}
