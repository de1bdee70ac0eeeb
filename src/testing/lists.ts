/**
 * The list routes: each API's filters, time windows, page sizes and order, plus the simulator's count cap and
 * visibility lag ({@link ListOptions}). A list is never proof that an order is absent unless it covers the moment
 * and is not cut: this module makes every one of those cuts happen as documented, so clients can be tested
 * against them.
 * @module
 */
import type { ListOptions } from './config-types.js';
import type { ErrorDetail, ErrorKind } from './dialects/index.js';
import type { StoredOrder } from './orders.js';
import type { DialectName } from './types.js';

/** List options after validation, defaults filled in for the dialect. */
export interface ResolvedLists {
  cap: number | undefined;
  pageSize: number | undefined;
  windowMs: number | undefined;
  lagMs: number;
}

/** A list answer (the payload before the dialect's success wrapper) or a refusal. */
export type ListResult = { ok: true; data: unknown } | { ok: false; kind: ErrorKind; detail?: ErrorDetail };

const DAY_MS = 86_400_000;

function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`lists.${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Validates `opts` and fills in `dialect`'s documented defaults (see {@link ListOptions}). */
export function resolveLists(dialect: DialectName, opts: ListOptions | undefined): ResolvedLists {
  if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw new TypeError('lists must be an object');
  const o = opts ?? {};
  const defaults = {
    cap: dialect === 'alp' ? 100 : undefined,
    pageSize: dialect === 'orderly' ? 25 : dialect === 'binance' ? 500 : dialect === 'bybit' ? 20 : dialect === 'okx' ? 100 : undefined,
    windowMs: dialect === 'alp' ? 30 * DAY_MS : dialect === 'binance' ? DAY_MS : undefined,
  };
  const maxPage = dialect === 'orderly' ? 500 : dialect === 'bybit' ? 50 : dialect === 'okx' ? 100 : 1000;
  const pageSize = o.pageSize === undefined ? defaults.pageSize : integer('pageSize', o.pageSize, 1);
  if (pageSize !== undefined && pageSize > maxPage) throw new RangeError(`lists.pageSize must be at most ${maxPage}, got ${pageSize}`);
  return {
    cap: o.cap === undefined ? defaults.cap : integer('cap', o.cap, 0),
    pageSize,
    windowMs: o.windowMs === undefined ? defaults.windowMs : integer('windowMs', o.windowMs, 1),
    lagMs: o.lagMs === undefined ? 0 : integer('lagMs', o.lagMs, 0),
  };
}

/** The newest `cap` of `orders` (oldest first in, oldest first out). */
function capped(orders: StoredOrder[], cap: number | undefined): StoredOrder[] {
  return cap === undefined ? orders : orders.slice(Math.max(0, orders.length - cap));
}

const bad = (kind: ErrorKind, detail: ErrorDetail): ListResult => ({ ok: false, kind, detail });
const views = (orders: StoredOrder[]): unknown[] => orders.map((o) => o.view);

/** A time query parameter: Unix seconds (ALP's newer form) or an RFC 3339 date (its older one). */
function alpTime(text: string | null): number | undefined | null {
  if (text === null || text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * ALP "Orders" `GET /api/v3/accounts/order`: filters `pair`, `side` (BUY/SELL, items say BID/ASK), `open_only`,
 * `start_time` (≥) / `end_time` (<); "interval must not exceed 30 days. If one is not set 30 days interval from
 * set value is applied. If both are not set, default time interval is 30 days back from today" (2023-2024
 * reference); "up to 100 most recent" (2026 reference). Newest first (the order is undocumented).
 */
function alp(orders: StoredOrder[], q: URLSearchParams, now: number, opts: ResolvedLists): ListResult {
  const start = alpTime(q.get('start_time'));
  const end = alpTime(q.get('end_time'));
  if (start === null) return bad('badRequest', { message: 'invalid start_time format' });
  if (end === null) return bad('badRequest', { message: 'invalid end_time format' });
  const side = q.get('side')?.toUpperCase();
  if (side !== undefined && side !== '' && !['BUY', 'SELL', 'BID', 'ASK'].includes(side)) {
    return bad('validation', { fields: { side: `invalid side: ${q.get('side')}` } });
  }
  const w = opts.windowMs;
  let from = start;
  let to = end;
  if (w !== undefined) {
    if (from !== undefined && to !== undefined && to - from > w) {
      return bad('badRequest', { message: `start_time and end_time interval must not exceed ${w / DAY_MS} days` });
    }
    if (from === undefined && to === undefined) [from, to] = [now - w, now + 1];
    else if (from === undefined) from = to! - w;
    else if (to === undefined) to = from + w;
  }
  const bid = side === 'BUY' || side === 'BID';
  const pair = q.get('pair');
  const hits = orders.filter(
    (o) =>
      (pair === null || pair === '' || o.view['pair'] === pair) &&
      (side === undefined || side === '' || o.view['side'] === (bid ? 'BID' : 'ASK')) &&
      (from === undefined || o.at >= from) &&
      (to === undefined || o.at < to),
  );
  return { ok: true, data: views(capped(hits, opts.cap)).reverse() };
}

/** `[from, to]` from optional bounds and the window: a span check, and a look-back when neither bound is given. */
function windowed(from: number | undefined, to: number | undefined, now: number, w: number | undefined): [number | undefined, number | undefined] | 'too-wide' {
  if (w === undefined) return [from, to];
  if (from !== undefined && to !== undefined) return to - from > w ? 'too-wide' : [from, to];
  if (from === undefined && to === undefined) return [now - w, now];
  return [from, to];
}

const msParam = (q: URLSearchParams, name: string): number | undefined | null => {
  const text = q.get(name);
  if (text === null || text === '') return undefined;
  return /^\d+$/.test(text) ? Number(text) : null;
};

/**
 * Orderly "Get orders" `GET /v1/orders`: filters `symbol`, `side`, `order_type`, `status`, `start_t` / `end_t`
 * (13-digit ms); `page`, `size` ("max: 500", default 25 as its example shows); newest first unless
 * `sort_by=CREATED_TIME_ASC`; `data: { meta: { total, records_per_page, current_page }, rows }`.
 */
function orderly(orders: StoredOrder[], q: URLSearchParams, now: number, opts: ResolvedLists): ListResult {
  const invalid = (message: string) => bad('badRequest', { message });
  const start = msParam(q, 'start_t');
  const end = msParam(q, 'end_t');
  if (start === null || end === null) return invalid('start_t and end_t must be 13-digit timestamps');
  const page = q.get('page') === null ? 1 : Number(q.get('page'));
  const size = q.get('size') === null ? (opts.pageSize ?? 25) : Number(q.get('size'));
  if (!Number.isInteger(page) || page < 1) return invalid('page must be a positive integer');
  if (!Number.isInteger(size) || size < 1 || size > 500) return invalid('size must be an integer in 1..500');
  const range = windowed(start, end, now, opts.windowMs);
  if (range === 'too-wide') return invalid('the time range between start_t and end_t is too wide');
  const [from, to] = range;
  const status = q.get('status');
  const eq = (name: string, field: string) => (o: StoredOrder) => q.get(name) === null || o.view[field] === q.get(name);
  const hits = orders.filter(
    (o) =>
      eq('symbol', 'symbol')(o) &&
      eq('side', 'side')(o) &&
      eq('order_type', 'type')(o) &&
      (status === null || status === 'NEW' || status === 'INCOMPLETE') &&
      (from === undefined || o.at >= from) &&
      (to === undefined || o.at <= to),
  );
  const kept = capped(hits, opts.cap);
  const ordered = q.get('sort_by') === 'CREATED_TIME_ASC' ? kept : [...kept].reverse();
  const rows = views(ordered.slice((page - 1) * size, page * size));
  return { ok: true, data: { meta: { total: kept.length, records_per_page: size, current_page: page }, rows } };
}

/**
 * Binance "All orders" `GET /api/v3/allOrders`: `symbol` mandatory; `orderId` (≥), `startTime`, `endTime` ("can't
 * be longer than 24 hours": −1127), `limit` (default 500, max 1000). Chronological; "Without startTime or endTime,
 * returns the most recent items up to the limit. With startTime, returns oldest items from startTime up to the
 * limit. With endTime, returns most recent items up to endTime and the limit" (rest-api.md).
 */
function binance(orders: StoredOrder[], q: URLSearchParams, opts: ResolvedLists): ListResult {
  const symbol = q.get('symbol');
  if (symbol === null || symbol === '') return bad('badRequest', { message: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
  const start = msParam(q, 'startTime');
  const end = msParam(q, 'endTime');
  const orderId = msParam(q, 'orderId');
  if (start === null || end === null || orderId === null) return bad('badRequest', {});
  const limit = q.get('limit') === null ? (opts.pageSize ?? 500) : Number(q.get('limit'));
  if (!Number.isInteger(limit) || limit < 1) return bad('badRequest', { message: "Mandatory parameter 'limit' was not sent, was empty/null, or malformed." });
  if (limit > 1000) return bad('badRequest', { message: "'limit' contains unexpected value. Cannot be greater than 1000." });
  const w = opts.windowMs;
  if (w !== undefined && start !== undefined && end !== undefined && end - start > w) {
    return bad('badRequest', { code: -1127, message: `More than ${w / 3_600_000} hours between startTime and endTime.` });
  }
  const hits = capped(
    orders.filter(
      (o) =>
        o.view['symbol'] === symbol &&
        (orderId === undefined || o.id >= orderId) &&
        (start === undefined || o.at >= start) &&
        (end === undefined || o.at <= end),
    ),
    opts.cap,
  );
  const oldestFirst = orderId !== undefined || start !== undefined;
  return { ok: true, data: views(oldestFirst ? hits.slice(0, limit) : hits.slice(Math.max(0, hits.length - limit))) };
}

/**
 * Bybit "Get Open & Closed Orders" `GET /v5/order/realtime` (and the history): `category` mandatory (10001),
 * filters `symbol`, `orderLinkId`, `orderId`; `limit` 1..50, default 20; newest first; `{ category, list,
 * nextPageCursor }` (order/open-order.mdx).
 */
export function bybitOrders(orders: StoredOrder[], q: URLSearchParams, opts: ResolvedLists): ListResult {
  const category = q.get('category');
  if (category === null || category === '') return bad('badRequest', { message: 'Missing some parameters that must be filled in, category' });
  const limit = q.get('limit') === null ? (opts.pageSize ?? 20) : Number(q.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return bad('badRequest', { message: 'limit must be an integer in 1..50' });
  const eq = (name: string) => (o: StoredOrder) => q.get(name) === null || o.view[name] === q.get(name);
  const hits = capped(orders.filter((o) => eq('symbol')(o) && eq('orderLinkId')(o) && eq('orderId')(o)), opts.cap);
  return { ok: true, data: { category, list: views(hits).reverse().slice(0, limit), nextPageCursor: '' } };
}

/**
 * OKX "Get order list" `GET /api/v5/trade/orders-pending`: filters `instId`, `instType`, `ordType`; `limit` 1..100,
 * default 100; newest first; `data` is the array of orders.
 */
function okx(orders: StoredOrder[], q: URLSearchParams, opts: ResolvedLists): ListResult {
  const limit = q.get('limit') === null ? (opts.pageSize ?? 100) : Number(q.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return bad('validation', { message: 'Parameter limit error' });
  const eq = (name: string) => (o: StoredOrder) => q.get(name) === null || o.view[name] === q.get(name);
  const hits = capped(orders.filter((o) => eq('instId')(o) && eq('instType')(o) && eq('ordType')(o)), opts.cap);
  return { ok: true, data: views(hits).reverse().slice(0, limit) };
}

/** Infinex order history: filters `pair`, `side`, `from` (ms), and the simulator-only `intent`; oldest first. */
function infinex(orders: StoredOrder[], q: URLSearchParams, now: number, opts: ResolvedLists, intent?: string): ListResult {
  const pair = q.get('pair');
  const side = q.get('side');
  const fromText = q.get('from');
  const fromMs = fromText === null ? undefined : Number(fromText);
  const range = windowed(fromMs !== undefined && Number.isFinite(fromMs) ? fromMs : undefined, undefined, now, opts.windowMs);
  const from = range === 'too-wide' ? undefined : range[0];
  const hits = orders.filter(
    (o) =>
      (intent === undefined || o.intent === intent) &&
      (pair === null || o.view['pair'] === pair) &&
      (side === null || String(o.view['side']).toUpperCase() === side.toUpperCase()) &&
      (from === undefined || o.at >= from),
  );
  return { ok: true, data: views(capped(hits, opts.cap)) };
}

/** Lists the `visible` orders (oldest first) as `dialect` does for the query `q`. */
export function listOrders(dialect: DialectName, visible: StoredOrder[], q: URLSearchParams, now: number, opts: ResolvedLists): ListResult {
  switch (dialect) {
    case 'alp':
      return alp(visible, q, now, opts);
    case 'orderly':
      return orderly(visible, q, now, opts);
    case 'binance':
      return binance(visible, q, opts);
    case 'bybit':
      return bybitOrders(visible, q, opts);
    case 'okx':
      return okx(visible, q, opts);
    case 'infinex':
      return infinex(visible, q, now, opts);
    case 'batchdata': {
      const w = opts.windowMs;
      const recent = w === undefined ? visible : visible.filter((o) => o.at >= now - w);
      return { ok: true, data: { requests: views(capped(recent, opts.cap)) } };
    }
  }
}

/** Infinex's lookup: the history filtered by the simulator-only `intent` (lag and cap apply, the window too). */
export function infinexHistory(visible: StoredOrder[], q: URLSearchParams, now: number, opts: ResolvedLists, intent: string): ListResult {
  return infinex(visible, q, now, opts, intent);
}
