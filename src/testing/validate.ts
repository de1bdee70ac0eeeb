/**
 * The order checks each API documents, so a client sending the wrong field names is refused as the real API
 * would refuse it. Lenient where the documents are silent (case of enum values, extra fields).
 * @module
 */
import type { ErrorDetail, ErrorKind } from './dialects/index.js';
import type { DialectName } from './types.js';

/** A refusal of an order body. */
export interface Invalid {
  kind: ErrorKind;
  detail: ErrorDetail;
}

type Json = Record<string, unknown>;

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
const upper = (value: unknown): string => String(value ?? '').toUpperCase();

/**
 * ALP "Place Order" (ALPCOMDEV/alp-api-docs): `pair`, `order_type` (MARKET, LIMIT, STOP_LIMIT, STOP_MARKET),
 * `order_side` (BUY/SELL, "also accepts BID / ASK") and `wallet_type` required; LIMIT and STOP_LIMIT need
 * `base_amount` and `limit_price`; STOP_* need `stop_price` and `stop_operator`; MARKET needs `base_amount` or
 * `quote_amount`. Failures are 422 VALIDATION_ERROR with per-field messages (seed 003).
 */
function alp(body: Json): Invalid | undefined {
  const fields: Record<string, string> = {};
  const need = (name: string) => {
    if (!present(body[name])) fields[name] = `${name} is required`;
  };
  for (const name of ['pair', 'order_type', 'order_side', 'wallet_type']) need(name);
  const type = upper(body['order_type']);
  if (present(body['order_type']) && !['MARKET', 'LIMIT', 'STOP_LIMIT', 'STOP_MARKET'].includes(type)) {
    fields['order_type'] = `invalid order_type: ${String(body['order_type'])}`;
  }
  if (present(body['order_side']) && !['BUY', 'SELL', 'BID', 'ASK'].includes(upper(body['order_side']))) {
    fields['order_side'] = `invalid order_side: ${String(body['order_side'])}`;
  }
  if (present(body['wallet_type']) && !['SPOT', 'MARGIN_CROSS', 'MARGIN_ISOLATED', 'FUNDING'].includes(upper(body['wallet_type']))) {
    fields['wallet_type'] = `invalid wallet_type: ${String(body['wallet_type'])}`;
  }
  if (type === 'LIMIT' || type === 'STOP_LIMIT') ['base_amount', 'limit_price'].forEach(need);
  if (type === 'STOP_LIMIT' || type === 'STOP_MARKET') ['stop_price', 'stop_operator'].forEach(need);
  if (type === 'STOP_MARKET') need('base_amount');
  if (type === 'MARKET' && !present(body['base_amount']) && !present(body['quote_amount'])) {
    fields['base_amount'] = 'base_amount or quote_amount is required';
  }
  return Object.keys(fields).length === 0 ? undefined : { kind: 'validation', detail: { fields } };
}

/** Orderly "Create order": `symbol`, `order_type` and `side` are required (−1005 INVALID_PARAM otherwise). */
function orderly(body: Json): Invalid | undefined {
  const missing = ['symbol', 'order_type', 'side'].find((name) => !present(body[name]));
  return missing === undefined ? undefined : { kind: 'validation', detail: { message: `${missing} is required` } };
}

/**
 * Binance "New order": `symbol`, `side`, `type` mandatory (−1102), `side` BUY/SELL (−1117), `type` one of the
 * order types (−1116); LIMIT needs `timeInForce`, `quantity`, `price`; MARKET `quantity` or `quoteOrderQty`.
 */
function binance(body: Json): Invalid | undefined {
  const mandatory = (name: string): Invalid => ({
    kind: 'validation',
    detail: { message: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.` },
  });
  for (const name of ['symbol', 'side', 'type']) if (!present(body[name])) return mandatory(name);
  if (!['BUY', 'SELL'].includes(String(body['side']))) return { kind: 'validation', detail: { code: -1117, message: 'Invalid side.' } };
  const types = ['LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER'];
  const type = String(body['type']);
  if (!types.includes(type)) return { kind: 'validation', detail: { code: -1116, message: 'Invalid orderType.' } };
  if (type === 'LIMIT') for (const name of ['timeInForce', 'quantity', 'price']) if (!present(body[name])) return mandatory(name);
  if (type === 'MARKET' && !present(body['quantity']) && !present(body['quoteOrderQty'])) {
    return { kind: 'validation', detail: { message: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!" } };
  }
  return undefined;
}

/**
 * Bybit "Place Order" (order/create-order.mdx): `category`, `symbol`, `side` (Buy/Sell), `orderType`
 * (Market/Limit), `qty` required; Limit needs `price`. Refused with 10001 "Request parameter error".
 */
function bybit(body: Json): Invalid | undefined {
  const missing = ['category', 'symbol', 'side', 'orderType', 'qty'].find((name) => !present(body[name]));
  if (missing !== undefined) return { kind: 'validation', detail: { message: `Missing some parameters that must be filled in, ${missing}` } };
  if (!['Buy', 'Sell'].includes(String(body['side']))) return { kind: 'validation', detail: { message: 'params error: side invalid' } };
  if (!['Market', 'Limit'].includes(String(body['orderType']))) return { kind: 'validation', detail: { message: 'params error: orderType invalid' } };
  if (body['orderType'] === 'Limit' && !present(body['price'])) return { kind: 'validation', detail: { message: 'Missing some parameters that must be filled in, price' } };
  return undefined;
}

/**
 * OKX "Place order": `instId`, `tdMode`, `side` (buy/sell), `ordType`, `sz` required; `px` for limit orders.
 * Refused with 51000 "Parameter {param0} error".
 */
function okx(body: Json): Invalid | undefined {
  const missing = ['instId', 'tdMode', 'side', 'ordType', 'sz'].find((name) => !present(body[name]));
  if (missing !== undefined) return { kind: 'validation', detail: { message: `Parameter ${missing} error` } };
  if (!['buy', 'sell'].includes(String(body['side']))) return { kind: 'validation', detail: { message: 'Parameter side error' } };
  const limitLike = ['limit', 'post_only', 'fok', 'ioc'].includes(String(body['ordType']));
  if (limitLike && !present(body['px'])) return { kind: 'validation', detail: { message: 'Parameter px error' } };
  return undefined;
}

/** Checks an order body; `undefined` when it is acceptable. Infinex and BatchData document no checks. */
export function validateOrder(dialect: DialectName, body: Json): Invalid | undefined {
  switch (dialect) {
    case 'alp':
      return alp(body);
    case 'orderly':
      return orderly(body);
    case 'binance':
      return binance(body);
    case 'bybit':
      return bybit(body);
    case 'okx':
      return okx(body);
    case 'infinex':
    case 'batchdata':
      return undefined;
  }
}
