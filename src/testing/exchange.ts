/**
 * The simulated exchange's state and business rules: orders, withdrawals (with 2FA), lookups and the ticker.
 * Every applied effect is recorded in the ledger here, and only here.
 * @module
 */
import type { DialectSpec, ErrorKind } from './dialects.js';
import { withoutCode2FA } from './intent.js';
import type { SimLedger } from './ledger.js';
import type { TotpVerifier } from './otp.js';
import type { DialectName, RouteName } from './types.js';

/** One request, already matched, parsed and past every fault that does not apply the effect. */
export interface ExchangeRequest {
  route: RouteName;
  /** The parsed JSON body (a plain object for `placeOrder` and `withdraw`). */
  body: unknown;
  /** The query string. */
  query: URLSearchParams;
  /** The id a `getOrder` looks for. */
  lookupId?: string;
  /** The intent (for `placeOrder` and `withdraw`). */
  intent?: string;
  /** The arrival's sequence number. */
  seq: number;
  /** `Date.now()`. */
  now: number;
}

/** The exchange's answer. */
export interface ExchangeReply {
  status: number;
  body: unknown;
  /** Whether an effect was applied (and recorded in the ledger). */
  applied: boolean;
}

interface StoredOrder {
  intent: string;
  clientOrderId: string | undefined;
  at: number;
  view: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The simulated exchange behind one simulator. */
export class Exchange {
  readonly #dialect: DialectName;
  readonly #spec: DialectSpec;
  readonly #ledger: SimLedger;
  readonly #totp: TotpVerifier | undefined;
  readonly #orders: StoredOrder[] = [];
  #nextId = 1;

  /** `totp`, when given, makes withdrawals demand a `code2FA`. */
  constructor(spec: DialectSpec, ledger: SimLedger, totp: TotpVerifier | undefined) {
    this.#dialect = spec.name;
    this.#spec = spec;
    this.#ledger = ledger;
    this.#totp = totp;
  }

  /** Handles a request. */
  handle(req: ExchangeRequest): ExchangeReply {
    switch (req.route) {
      case 'placeOrder':
        return this.#placeOrder(req);
      case 'getOrder':
        return this.#getOrder(req);
      case 'listOrders':
        return this.#listOrders(req);
      case 'withdraw':
        return this.#withdraw(req);
      case 'ticker':
        return this.#ok(this.#ticker(), req.now);
    }
  }

  #ok(data: unknown, now: number): ExchangeReply {
    return { status: 200, body: this.#spec.ok(data, now), applied: false };
  }

  #fail(kind: ErrorKind, detail?: { message?: string; fields?: Record<string, string> }): ExchangeReply {
    const { status, body } = this.#spec.error(kind, detail);
    return { status, body, applied: false };
  }

  #apply(req: ExchangeRequest, body: unknown): void {
    this.#ledger.record({ intent: req.intent ?? '', route: req.route, at: req.now, body, seq: req.seq });
  }

  #placeOrder(req: ExchangeRequest): ExchangeReply {
    const body = asRecord(withoutCode2FA(req.body));
    if (this.#dialect === 'alp') {
      const fields: Record<string, string> = {};
      for (const name of ['pair', 'side', 'amount']) if (!present(body[name])) fields[name] = `${name} is required`;
      if (present(body['side']) && !/^(buy|sell)$/i.test(String(body['side']))) {
        fields['side'] = `invalid side: ${String(body['side'])}`;
      }
      if (Object.keys(fields).length > 0) return this.#fail('validation', { fields });
    }
    const rawClientId = body['client_order_id'];
    const clientOrderId = present(rawClientId) ? String(rawClientId) : undefined;
    // Orderly: client_order_id is unique among open orders, and simulated orders stay open.
    if (this.#dialect === 'orderly' && clientOrderId !== undefined) {
      if (this.#orders.some((o) => o.clientOrderId === clientOrderId)) return this.#fail('duplicate');
    }
    const id = this.#nextId++;
    const view = this.#orderView(body, id, req.now);
    this.#orders.push({ intent: req.intent ?? '', clientOrderId, at: req.now, view });
    this.#apply(req, body);
    return { ...this.#ok(view, req.now), applied: true };
  }

  #orderView(body: Json, id: number, now: number): Json {
    switch (this.#dialect) {
      case 'infinex':
        return { ...body, id, status: 'ACTIVE', time: now };
      case 'batchdata':
        return { ...body, requestId: String(id), status: 'completed', createdAt: new Date(now).toISOString() };
      case 'alp':
        return { ...body, id, status: 'open', created_at: new Date(now).toISOString() };
      case 'orderly':
        return { ...body, order_id: id, status: 'NEW', created_time: now };
    }
  }

  #getOrder(req: ExchangeRequest): ExchangeReply {
    const id = req.lookupId ?? '';
    if (this.#dialect === 'infinex') return this.#ok(this.#history(req.query, id), req.now);
    const byClientId = this.#dialect === 'alp' || this.#dialect === 'orderly';
    const found = this.#orders.find((o) => (byClientId ? o.clientOrderId === id : o.intent === id));
    return found === undefined ? this.#fail('notFound') : this.#ok(found.view, req.now);
  }

  /** Infinex history: filters `pair`, `side`, `from` (ms), and the simulator-only `intent`. */
  #history(query: URLSearchParams, intent: string | undefined): Json[] {
    const pair = query.get('pair');
    const side = query.get('side');
    const from = query.get('from');
    const fromMs = from === null ? undefined : Number(from);
    return this.#orders
      .filter(
        (o) =>
          (intent === undefined || o.intent === intent) &&
          (pair === null || o.view['pair'] === pair) &&
          (side === null || String(o.view['side']).toUpperCase() === side.toUpperCase()) &&
          (fromMs === undefined || !Number.isFinite(fromMs) || o.at >= fromMs),
      )
      .map((o) => o.view);
  }

  #listOrders(req: ExchangeRequest): ExchangeReply {
    const views = this.#orders.map((o) => o.view);
    switch (this.#dialect) {
      case 'infinex':
        return this.#ok(this.#history(req.query, undefined), req.now);
      case 'batchdata':
        return this.#ok({ requests: views }, req.now);
      case 'alp':
        return this.#ok(views, req.now);
      case 'orderly':
        return this.#ok(
          { rows: views, meta: { total: views.length, records_per_page: views.length, current_page: 1 } },
          req.now,
        );
    }
  }

  #withdraw(req: ExchangeRequest): ExchangeReply {
    const raw = asRecord(req.body);
    if (this.#totp !== undefined) {
      const code = raw['code2FA'];
      if (!present(code)) return this.#fail('require2fa');
      const check = this.#totp.check(code, req.now);
      if (check === 'reused') return this.#fail('invalid2fa', { message: this.#invalid2faMessage('2FA code already used') });
      if (check === 'invalid') return this.#fail('invalid2fa');
    }
    const body = asRecord(withoutCode2FA(raw));
    const id = this.#nextId++;
    this.#apply(req, body);
    return { ...this.#ok({ ...body, id, status: 'pending', time: req.now }, req.now), applied: true };
  }

  #invalid2faMessage(text: string): string {
    return this.#dialect === 'orderly' || this.#dialect === 'batchdata' ? `INVALID_2FA: ${text}` : text;
  }

  #ticker(): unknown {
    switch (this.#dialect) {
      case 'infinex':
        return { pair: 'BTC_USDT', bid: '65000.00', ask: '65010.00', last: '65005.00' };
      case 'batchdata':
        return { service: 'property', status: 'operational' };
      case 'alp':
        return [{ pair: 'BTC_USDT', bid: '65000.00', ask: '65010.00', last: '65005.00' }];
      case 'orderly':
        return { rows: [{ symbol: 'PERP_BTC_USDC', index_price: 65005, mark_price: 65004.5, '24h_volume': 1234.5 }] };
    }
  }
}
