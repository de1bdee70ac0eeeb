/**
 * How each API shows an order: the answer to placing it, and the object lookups and lists return.
 * @module
 */
import type { DialectName } from './types.js';

type Json = Record<string, unknown>;

const iso = (ms: number): string => new Date(ms).toISOString();
const num = (value: unknown): number => (Number.isFinite(Number(value)) ? Number(value) : 0);
const dec = (value: unknown): string => num(value).toFixed(8);
const upper = (value: unknown): string => String(value ?? '').toUpperCase();

/**
 * The order object of lookups and lists.
 *
 * - ALP "Orders" (`GET /api/v3/accounts/order`): `id`, `pair`, `amount`, `price`, `side` `BID`/`ASK`, `status`,
 *   `type`, `wallet_type`, dates in ISO 8601; no `client_order_id`.
 * - Orderly "Get orders": `order_id`, `symbol`, `side`, `type`, `price`, `quantity`, `client_order_id`,
 *   `created_time`, `status` …
 * - Binance "Query order": `symbol`, `orderId`, `clientOrderId`, `price`, `origQty` as decimal strings, `status`,
 *   `time` …
 * - Bybit "Get Open & Closed Orders" (order/open-order.mdx): `orderId`, `orderLinkId`, `symbol`, `price`, `qty`,
 *   `side`, `orderType`, `orderStatus` (`New`), `timeInForce`, `cumExecQty`, `createdTime` … as strings.
 * - OKX "Get order details": `instId`, `ordId`, `clOrdId`, `px`, `sz`, `side`, `ordType`, `tdMode`, `state`
 *   (`live`), `accFillSz`, `cTime` … as strings.
 * - Infinex, BatchData: the body as sent plus an id and a status (their seeds document no order object).
 */
export function orderView(dialect: DialectName, body: Json, id: number, now: number, clientOrderId: string | undefined): Json {
  switch (dialect) {
    case 'infinex':
      return { ...body, id, status: 'ACTIVE', time: now };
    case 'batchdata':
      return { ...body, requestId: String(id), status: 'completed', createdAt: iso(now) };
    case 'alp':
      return {
        id,
        account_id: 1,
        pair: body['pair'],
        amount: num(body['base_amount'] ?? body['quote_amount']),
        price: num(body['limit_price']),
        side: /^(BUY|BID)$/.test(upper(body['order_side'])) ? 'BID' : 'ASK',
        status: 'OPEN',
        type: upper(body['order_type']),
        wallet_type: upper(body['wallet_type']),
        amount_canceled: 0,
        amount_filled: 0,
        date: iso(now),
        open_at: iso(now),
        tif: 'GTC',
        updated_at: iso(now),
        done_at: null,
        expire_after: null,
        stop_price: body['stop_price'] === undefined ? null : num(body['stop_price']),
      };
    case 'orderly':
      return {
        order_id: id,
        user_id: 1,
        price: body['order_price'] ?? null,
        type: body['order_type'],
        quantity: body['order_quantity'] ?? null,
        amount: body['order_amount'] ?? null,
        executed_quantity: 0,
        total_executed_quantity: 0,
        visible_quantity: body['visible_quantity'] ?? body['order_quantity'] ?? null,
        symbol: body['symbol'],
        side: body['side'],
        status: 'NEW',
        total_fee: 0,
        fee_asset: 'USDC',
        client_order_id: clientOrderId ?? null,
        average_executed_price: null,
        created_time: now,
        updated_time: now,
        realized_pnl: 0,
        ...(body['order_tag'] === undefined ? {} : { order_tag: body['order_tag'] }),
      };
    case 'binance':
      return {
        symbol: body['symbol'],
        orderId: id,
        orderListId: -1,
        clientOrderId,
        price: dec(body['price']),
        origQty: dec(body['quantity']),
        executedQty: dec(0),
        cummulativeQuoteQty: dec(0),
        status: 'NEW',
        timeInForce: body['timeInForce'] ?? 'GTC',
        type: body['type'],
        side: body['side'],
        stopPrice: dec(body['stopPrice']),
        icebergQty: dec(body['icebergQty']),
        time: now,
        updateTime: now,
        isWorking: true,
        workingTime: now,
        origQuoteOrderQty: dec(body['quoteOrderQty']),
        selfTradePreventionMode: 'NONE',
      };
    case 'bybit':
      return {
        orderId: `sim-${id}`,
        orderLinkId: clientOrderId ?? '',
        symbol: body['symbol'],
        price: String(body['price'] ?? '0'),
        qty: String(body['qty'] ?? ''),
        side: body['side'],
        orderType: body['orderType'],
        orderStatus: 'New',
        timeInForce: body['timeInForce'] ?? 'GTC',
        cumExecQty: '0',
        cumExecValue: '0',
        avgPrice: '',
        leavesQty: String(body['qty'] ?? ''),
        createdTime: String(now),
        updatedTime: String(now),
      };
    case 'okx':
      return {
        instType: 'SPOT',
        instId: body['instId'],
        ordId: String(id),
        clOrdId: clientOrderId ?? '',
        tag: body['tag'] ?? '',
        px: String(body['px'] ?? ''),
        sz: String(body['sz'] ?? ''),
        side: body['side'],
        ordType: body['ordType'],
        tdMode: body['tdMode'],
        state: 'live',
        accFillSz: '0',
        avgPx: '',
        cTime: String(now),
        uTime: String(now),
      };
  }
}

/**
 * The answer to placing an order (before the dialect's success wrapper).
 *
 * - ALP "Place Order": "Response (array of created order IDs)" `[34]`.
 * - Orderly "Create order": `order_id`, `client_order_id`, `order_type`, `order_price`, `order_quantity`,
 *   `order_amount`.
 * - Bybit "Place Order": `result: { orderId, orderLinkId }`.
 * - OKX "Place order": `data: [{ clOrdId, ordId, tag, ts, sCode: "0", sMsg }]`.
 * - Binance "New order": `ACK`, `RESULT` or `FULL` per `newOrderRespType` ("MARKET and LIMIT order types default
 *   to FULL, all other orders default to ACK"); FULL adds `fills` (none: simulated orders rest unfilled).
 */
export function placedAnswer(dialect: DialectName, body: Json, view: Json, id: number, now: number): unknown {
  switch (dialect) {
    case 'alp':
      return [id];
    case 'orderly':
      return {
        order_id: id,
        client_order_id: view['client_order_id'],
        order_type: body['order_type'],
        order_price: body['order_price'] ?? null,
        order_quantity: body['order_quantity'] ?? null,
        order_amount: body['order_amount'] ?? null,
      };
    case 'binance': {
      const type = upper(body['type']);
      const resp = upper(body['newOrderRespType']) || (type === 'LIMIT' || type === 'MARKET' ? 'FULL' : 'ACK');
      const ack = { symbol: view['symbol'], orderId: id, orderListId: -1, clientOrderId: view['clientOrderId'], transactTime: now };
      if (resp === 'ACK') return ack;
      const { time: _t, updateTime: _u, isWorking: _w, stopPrice: _s, icebergQty: _i, ...rest } = view;
      const result = { ...ack, ...rest, transactTime: now };
      return resp === 'FULL' ? { ...result, fills: [] } : result;
    }
    case 'bybit':
      return { orderId: view['orderId'], orderLinkId: view['orderLinkId'] };
    case 'okx':
      return [{ clOrdId: view['clOrdId'], ordId: view['ordId'], tag: view['tag'], ts: String(now), sCode: '0', sMsg: 'Order placed' }];
    case 'infinex':
    case 'batchdata':
      return view;
  }
}

/**
 * The answer to a withdrawal (Binance's wallet API and Bybit "Withdraw" answer `{"id":"…"}`; OKX "Withdrawal"
 * `[{ amt, wdId, ccy, clientId, chain }]`; the others, the request plus an id).
 */
export function withdrawalAnswer(dialect: DialectName, body: Json, id: number, now: number): unknown {
  if (dialect === 'binance') return { id: `sim${String(id).padStart(29, '0')}` };
  if (dialect === 'bybit') return { id: String(id) };
  if (dialect === 'okx') {
    return [{ amt: String(body['amt'] ?? ''), wdId: String(id), ccy: body['ccy'] ?? '', clientId: body['clientId'] ?? '', chain: body['chain'] ?? '' }];
  }
  return { ...body, id, status: 'pending', time: now };
}
