/**
 * The simulated exchange's state and business rules: orders, withdrawals (with 2FA), lookups, lists and the
 * ticker. Every applied effect is recorded in the ledger here, and only here.
 * @module
 */
import type { DialectSpec, ErrorDetail, ErrorKind } from './dialects/index.js';
import { withoutCode2FA } from './intent.js';
import type { SimLedger } from './ledger.js';
import { bybitOrders, infinexHistory, listOrders, type ListResult, type ResolvedLists } from './lists.js';
import { OrderBook, type StoredOrder } from './orders.js';
import type { TotpVerifier } from './otp.js';
import type { DialectName, RouteName } from './types.js';
import { validateOrder } from './validate.js';
import { orderView, placedAnswer, withdrawalAnswer } from './views.js';

/** One request, already matched, parsed and past every fault that does not apply the effect. */
export interface ExchangeRequest {
  route: RouteName;
  /** The parsed body (for `placeOrder` and `withdraw`; Binance's signing parameters removed). */
  body: Record<string, unknown>;
  /** The query string. */
  query: URLSearchParams;
  /** The id a `getOrder` looks for. */
  lookupId?: string;
  /** Binance: the lookup is by the exchange's `orderId`, not the client order id. */
  lookupBy?: 'orderId';
  /** The intent (for `placeOrder` and `withdraw`). */
  intent?: string;
  /** The client order id the dialect reads (for `placeOrder`). */
  clientOrderId?: string;
  /** The arrival's sequence number. */
  seq: number;
  /** The simulator clock. */
  now: number;
}

/** The exchange's answer. */
export interface ExchangeReply {
  status: number;
  body: unknown;
  /** Whether an effect was applied (and recorded in the ledger). */
  applied: boolean;
}

type Json = Record<string, unknown>;

/** The dialects refusing an open order's client order id sent again. */
const UNIQUE_CLIENT_IDS: ReadonlySet<DialectName> = new Set(['orderly', 'binance', 'bybit', 'okx']);

/** The simulated exchange behind one simulator. */
export class Exchange {
  readonly #dialect: DialectName;
  readonly #spec: DialectSpec;
  readonly #ledger: SimLedger;
  readonly #totp: TotpVerifier | undefined;
  readonly #lists: ResolvedLists;
  readonly #book: OrderBook;
  #nextId = 1;

  /** `totp`, when given, makes withdrawals demand a `code2FA`. */
  constructor(spec: DialectSpec, ledger: SimLedger, totp: TotpVerifier | undefined, lists: ResolvedLists) {
    this.#dialect = spec.name;
    this.#spec = spec;
    this.#ledger = ledger;
    this.#totp = totp;
    this.#lists = lists;
    this.#book = new OrderBook(lists.lagMs);
  }

  /** Handles a request. */
  handle(req: ExchangeRequest): ExchangeReply {
    switch (req.route) {
      case 'placeOrder':
        return this.#placeOrder(req);
      case 'getOrder':
        return this.#getOrder(req);
      case 'listOrders':
        return this.#answer(listOrders(this.#dialect, this.#book.visible(req.now), req.query, req.now, this.#lists), req.now);
      case 'withdraw':
        return this.#withdraw(req);
      case 'ticker':
        return this.#ok(this.#ticker(req.query), req.now);
    }
  }

  #ok(data: unknown, now: number): ExchangeReply {
    return { status: 200, body: this.#spec.ok(data, now), applied: false };
  }

  #fail(kind: ErrorKind, detail?: ErrorDetail): ExchangeReply {
    const { status, body } = this.#spec.error(kind, detail);
    return { status, body, applied: false };
  }

  #answer(result: ListResult, now: number): ExchangeReply {
    return result.ok ? this.#ok(result.data, now) : this.#fail(result.kind, result.detail);
  }

  #apply(req: ExchangeRequest, body: Json): void {
    this.#ledger.record({ intent: req.intent ?? '', route: req.route, at: req.now, body, seq: req.seq });
  }

  #placeOrder(req: ExchangeRequest): ExchangeReply {
    const body = withoutCode2FA(req.body) as Json;
    const invalid = validateOrder(this.#dialect, body);
    if (invalid !== undefined) return this.#fail(invalid.kind, invalid.detail);
    let clientOrderId = req.clientOrderId;
    // Orderly, Binance, Bybit and OKX: the client order id is unique among open orders, and simulated orders stay open.
    if (UNIQUE_CLIENT_IDS.has(this.#dialect) && clientOrderId !== undefined && this.#book.hasOpen(clientOrderId)) {
      return this.#fail('duplicate', this.#dialect === 'okx' ? { clientOrderId } : undefined);
    }
    const id = this.#nextId++;
    // Binance generates a client order id when none is sent.
    if (this.#dialect === 'binance' && clientOrderId === undefined) clientOrderId = `sim${String(id).padStart(19, '0')}`;
    const view = orderView(this.#dialect, body, id, req.now, clientOrderId);
    this.#book.add({ id, intent: req.intent ?? '', clientOrderId, at: req.now, body, view });
    this.#apply(req, body);
    return { ...this.#ok(placedAnswer(this.#dialect, body, view, id, req.now), req.now), applied: true };
  }

  #getOrder(req: ExchangeRequest): ExchangeReply {
    const visible = this.#book.visible(req.now);
    const id = req.lookupId;
    switch (this.#dialect) {
      case 'infinex':
        return this.#answer(infinexHistory(visible, req.query, req.now, this.#lists, id ?? ''), req.now);
      case 'batchdata':
        return this.#found(visible.find((o) => o.intent === id), req.now);
      case 'alp': {
        // The simulator-only lookup: ALP's order view plus the client order id it was placed with.
        const found = visible.find((o) => o.clientOrderId === id);
        return found === undefined ? this.#fail('notFound') : this.#ok({ ...found.view, client_order_id: id }, req.now);
      }
      case 'orderly':
        return this.#found(visible.find((o) => o.clientOrderId === id), req.now);
      case 'binance':
        return this.#binanceLookup(visible, req);
      case 'bybit':
        // "Get Open & Closed Orders" by orderLinkId or orderId: a list, empty when nothing matches.
        return this.#answer(bybitOrders(visible, req.query, this.#lists), req.now);
      case 'okx':
        return this.#okxLookup(visible, req);
    }
  }

  /** OKX "Get order details": `instId` mandatory (50014), then `ordId` or `clOrdId` (50015), else 51603. */
  #okxLookup(visible: StoredOrder[], req: ExchangeRequest): ExchangeReply {
    const instId = req.query.get('instId');
    if (instId === null || instId === '') return this.#fail('badRequest', { message: 'Parameter instId can not be empty' });
    if (req.lookupId === undefined || req.lookupId === '') {
      return this.#fail('badRequest', { code: '50015', message: 'Either parameter ordId or clOrdId is required' });
    }
    const found = visible.find(
      (o) => o.view['instId'] === instId && (req.lookupBy === 'orderId' ? String(o.id) === req.lookupId : o.clientOrderId === req.lookupId),
    );
    return found === undefined ? this.#fail('notFound') : this.#ok([found.view], req.now);
  }

  #found(order: StoredOrder | undefined, now: number): ExchangeReply {
    return order === undefined ? this.#fail('notFound') : this.#ok(order.view, now);
  }

  /** Binance "Query order": `symbol` mandatory, then `orderId` or `origClientOrderId` (−1102), else −2013. */
  #binanceLookup(visible: StoredOrder[], req: ExchangeRequest): ExchangeReply {
    const symbol = req.query.get('symbol');
    if (symbol === null || symbol === '') {
      return this.#fail('badRequest', { message: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
    }
    if (req.lookupId === undefined || req.lookupId === '') {
      return this.#fail('badRequest', { message: "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!" });
    }
    const found = visible.find(
      (o) => o.view['symbol'] === symbol && (req.lookupBy === 'orderId' ? String(o.id) === req.lookupId : o.clientOrderId === req.lookupId),
    );
    return this.#found(found, req.now);
  }

  #withdraw(req: ExchangeRequest): ExchangeReply {
    const raw = req.body;
    if (this.#totp !== undefined) {
      const code = raw['code2FA'];
      if (code === undefined || code === null || code === '') return this.#fail('require2fa');
      const check = this.#totp.check(code, req.now);
      if (check === 'reused') return this.#fail('invalid2fa', { message: this.#invalid2faMessage('2FA code already used') });
      if (check === 'invalid') return this.#fail('invalid2fa');
    }
    const body = withoutCode2FA(raw) as Json;
    const id = this.#nextId++;
    this.#apply(req, body);
    return { ...this.#ok(withdrawalAnswer(this.#dialect, body, id, req.now), req.now), applied: true };
  }

  #invalid2faMessage(text: string): string {
    return this.#dialect === 'infinex' || this.#dialect === 'alp' ? text : `INVALID_2FA: ${text}`;
  }

  #ticker(query: URLSearchParams): unknown {
    switch (this.#dialect) {
      case 'infinex':
        return { pair: 'BTC_USDT', bid: '65000.00', ask: '65010.00', last: '65005.00' };
      case 'batchdata':
        return { service: 'property', status: 'operational' };
      case 'alp':
        return [{ pair: 'BTC_USDT', last: 65005, buy: 65000, sell: 65010, timestamp: 1630862400 }];
      case 'orderly':
        return { rows: [{ symbol: 'PERP_BTC_USDC', index_price: 65005, mark_price: 65004.5, '24h_volume': 1234.5 }] };
      case 'binance': {
        const symbol = query.get('symbol');
        return symbol === null ? [{ symbol: 'BTCUSDT', price: '65005.00000000' }] : { symbol, price: '65005.00000000' };
      }
      case 'bybit':
        return { category: query.get('category') ?? 'spot', list: [{ symbol: query.get('symbol') ?? 'BTCUSDT', lastPrice: '65005', bid1Price: '65000', ask1Price: '65010' }] };
      case 'okx':
        return [{ instType: 'SPOT', instId: query.get('instId') ?? 'BTC-USDT', last: '65005', bidPx: '65000', askPx: '65010', ts: '0' }];
    }
  }
}
