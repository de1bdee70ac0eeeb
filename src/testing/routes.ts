/**
 * The paths each dialect serves and how a request is matched to a route.
 * @module
 */
import type { DialectName, RouteName, SimulatorRoutes } from './types.js';

/** The HTTP method of every route. */
export const ROUTE_METHODS: Readonly<Record<RouteName, 'GET' | 'POST'>> = {
  placeOrder: 'POST',
  getOrder: 'GET',
  listOrders: 'GET',
  withdraw: 'POST',
  ticker: 'GET',
};

/** The result of matching a request. */
export type RouteMatch =
  | { kind: 'route'; route: RouteName; lookupId?: string; lookupBy?: 'orderId' }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** A dialect's paths plus its matcher. */
export interface RouteTable {
  /** The public paths. */
  readonly paths: SimulatorRoutes;
  /** Matches a request method and URL to a route. */
  match(method: string, url: URL): RouteMatch;
}

/** One path served: fixed or with a trailing `{id}` segment, and what each method means there. */
interface PathRule {
  /** Exact path, or a prefix followed by one id segment when `idSegment` is set. */
  path: string;
  idSegment?: boolean;
  /** Method -> route, possibly depending on the query (returning the route and the lookup id). */
  methods: Record<string, (url: URL, id: string | undefined) => { route: RouteName; lookupId?: string; lookupBy?: 'orderId' }>;
}

function table(paths: SimulatorRoutes, rules: PathRule[]): RouteTable {
  return {
    paths,
    match(method, url) {
      for (const rule of rules) {
        let id: string | undefined;
        if (rule.idSegment === true) {
          const prefix = `${rule.path}/`;
          if (!url.pathname.startsWith(prefix)) continue;
          const rest = url.pathname.slice(prefix.length);
          if (rest === '' || rest.includes('/')) continue;
          try {
            id = decodeURIComponent(rest);
          } catch {
            id = rest;
          }
        } else if (url.pathname !== rule.path) {
          continue;
        }
        const handler = rule.methods[method.toUpperCase()];
        if (handler === undefined) return { kind: 'method-not-allowed' };
        return { kind: 'route', ...handler(url, id) };
      }
      return { kind: 'not-found' };
    },
  };
}

const plain = (route: RouteName) => () => ({ route });

/** A GET that is `getOrder` when `param` is in the query (its value is the lookup id), else `listOrders`. */
const listOrLookup = (param: string) => (url: URL) => {
  const id = url.searchParams.get(param);
  return id === null ? { route: 'listOrders' as const } : { route: 'getOrder' as const, lookupId: id };
};

/**
 * Infinex: no client order id exists, so `getOrder(intent)` is the order history filtered by the simulator-only
 * query `intent` (the real history filters `pair`, `side`, `from`; those work too).
 */
function infinexRoutes(): RouteTable {
  const base = '/api/v2';
  return table(
    {
      placeOrder: `${base}/orders`,
      getOrder: (id) => `${base}/orders/history?intent=${encodeURIComponent(id)}`,
      listOrders: `${base}/orders/history`,
      withdraw: `${base}/wallet/withdraw`,
      ticker: `${base}/public/ticker`,
    },
    [
      { path: `${base}/orders`, methods: { POST: plain('placeOrder') } },
      { path: `${base}/orders/history`, methods: { GET: listOrLookup('intent') } },
      { path: `${base}/wallet/withdraw`, methods: { POST: plain('withdraw') } },
      { path: `${base}/public/ticker`, methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * BatchData (a data API): the "order" is a billable skip-trace request; `getOrder(intent)` is a simulator-only
 * lookup of one request by its intent; `withdraw` and `ticker` are simulator-only paths keeping the route names.
 */
function batchdataRoutes(): RouteTable {
  const base = '/api/v1';
  return table(
    {
      placeOrder: `${base}/property/skip-trace`,
      getOrder: (id) => `${base}/property/skip-trace/${encodeURIComponent(id)}`,
      listOrders: `${base}/property/skip-trace`,
      withdraw: `${base}/account/withdraw`,
      ticker: `${base}/ticker`,
    },
    [
      { path: `${base}/property/skip-trace`, methods: { POST: plain('placeOrder'), GET: plain('listOrders') } },
      {
        path: `${base}/property/skip-trace`,
        idSegment: true,
        methods: { GET: (_url, id) => ({ route: 'getOrder', lookupId: id ?? '' }) },
      },
      { path: `${base}/account/withdraw`, methods: { POST: plain('withdraw') } },
      { path: `${base}/ticker`, methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * ALP v3 (ALPCOMDEV/alp-api-docs, source/index.html.md): "Place Order" `POST /api/v3/trading/order`, "Orders"
 * `GET /api/v3/accounts/order`, "Tickers" `GET /api/v3/ticker`; "Withdraw Request" `POST /api/v3/withdraw` (in the
 * 2023-2024 revisions of the reference, dropped from the 2026 one). ALP documents no lookup by client order id:
 * `getOrder` is the simulator-only `GET /_sim/alp/order/{client_order_id}`.
 */
function alpRoutes(): RouteTable {
  const base = '/api/v3';
  const lookup = '/_sim/alp/order';
  return table(
    {
      placeOrder: `${base}/trading/order`,
      getOrder: (id) => `${lookup}/${encodeURIComponent(id)}`,
      listOrders: `${base}/accounts/order`,
      withdraw: `${base}/withdraw`,
      ticker: `${base}/ticker`,
    },
    [
      { path: `${base}/trading/order`, methods: { POST: plain('placeOrder') } },
      { path: lookup, idSegment: true, methods: { GET: (_url, id) => ({ route: 'getOrder', lookupId: id ?? '' }) } },
      { path: `${base}/accounts/order`, methods: { GET: plain('listOrders') } },
      { path: `${base}/withdraw`, methods: { POST: plain('withdraw') } },
      { path: `${base}/ticker`, methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * Binance spot (binance/binance-spot-api-docs, rest-api.md): "New order" `POST /api/v3/order`, "Query order"
 * `GET /api/v3/order` (by `origClientOrderId` or `orderId`), "All orders" `GET /api/v3/allOrders`, "Symbol price
 * ticker" `GET /api/v3/ticker/price`; withdrawals `POST /sapi/v1/capital/withdraw/apply` (Binance wallet API,
 * developers.binance.com/docs/wallet/capital/withdraw). The route helpers name the symbol BTCUSDT.
 */
function binanceRoutes(): RouteTable {
  const symbol = 'symbol=BTCUSDT';
  return table(
    {
      placeOrder: '/api/v3/order',
      getOrder: (id) => `/api/v3/order?${symbol}&origClientOrderId=${encodeURIComponent(id)}`,
      listOrders: `/api/v3/allOrders?${symbol}`,
      withdraw: '/sapi/v1/capital/withdraw/apply',
      ticker: '/api/v3/ticker/price',
    },
    [
      {
        path: '/api/v3/order',
        methods: {
          POST: plain('placeOrder'),
          GET: (url) => {
            const client = url.searchParams.get('origClientOrderId');
            const orderId = url.searchParams.get('orderId');
            if (orderId !== null) return { route: 'getOrder', lookupId: orderId, lookupBy: 'orderId' };
            return client === null ? { route: 'getOrder' } : { route: 'getOrder', lookupId: client };
          },
        },
      },
      { path: '/api/v3/allOrders', methods: { GET: plain('listOrders') } },
      { path: '/sapi/v1/capital/withdraw/apply', methods: { POST: plain('withdraw') } },
      { path: '/api/v3/ticker/price', methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * Orderly (orderly.network/docs, REST API): "Create order" `POST /v1/order`, "Get order by client_order_id"
 * `GET /v1/client/order/{client_order_id}`, "Get orders" `GET /v1/orders`, "Create withdraw request"
 * `POST /v1/withdraw_request`, and the public `GET /v1/public/futures`.
 */
function orderlyRoutes(): RouteTable {
  return table(
    {
      placeOrder: '/v1/order',
      getOrder: (id) => `/v1/client/order/${encodeURIComponent(id)}`,
      listOrders: '/v1/orders',
      withdraw: '/v1/withdraw_request',
      ticker: '/v1/public/futures',
    },
    [
      { path: '/v1/order', methods: { POST: plain('placeOrder') } },
      {
        path: '/v1/client/order',
        idSegment: true,
        methods: { GET: (_url, id) => ({ route: 'getOrder', lookupId: id ?? '' }) },
      },
      { path: '/v1/orders', methods: { GET: plain('listOrders') } },
      { path: '/v1/withdraw_request', methods: { POST: plain('withdraw') } },
      { path: '/v1/public/futures', methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * A GET that looks one order up when `clientParam` (or the exchange id `orderParam`) is in the query, else lists.
 */
const lookupOrList = (clientParam: string, orderParam: string) => (url: URL) => {
  const client = url.searchParams.get(clientParam);
  const order = url.searchParams.get(orderParam);
  if (order !== null) return { route: 'getOrder' as const, lookupId: order, lookupBy: 'orderId' as const };
  return client === null ? { route: 'listOrders' as const } : { route: 'getOrder' as const, lookupId: client };
};

/**
 * Bybit v5 (bybit-exchange/docs, docs/v5): "Place Order" `POST /v5/order/create` (order/create-order.mdx), "Get
 * Open & Closed Orders" `GET /v5/order/realtime` (order/open-order.mdx) and "Get Order History"
 * `GET /v5/order/history` (order/order-list.mdx), each filtered by `orderLinkId` or `orderId`; "Withdraw"
 * `POST /v5/asset/withdraw/create` (asset/withdraw/withdraw.mdx); "Get Tickers" `GET /v5/market/tickers`. Simulated
 * orders stay open, and the history answers with them too (a simplification: the real history lags). The route
 * helpers name the category spot.
 */
function bybitRoutes(): RouteTable {
  const lookup = lookupOrList('orderLinkId', 'orderId');
  return table(
    {
      placeOrder: '/v5/order/create',
      getOrder: (id) => `/v5/order/realtime?category=spot&orderLinkId=${encodeURIComponent(id)}`,
      listOrders: '/v5/order/realtime?category=spot',
      withdraw: '/v5/asset/withdraw/create',
      ticker: '/v5/market/tickers?category=spot',
    },
    [
      { path: '/v5/order/create', methods: { POST: plain('placeOrder') } },
      { path: '/v5/order/realtime', methods: { GET: lookup } },
      { path: '/v5/order/history', methods: { GET: lookup } },
      { path: '/v5/asset/withdraw/create', methods: { POST: plain('withdraw') } },
      { path: '/v5/market/tickers', methods: { GET: plain('ticker') } },
    ],
  );
}

/**
 * OKX v5 (www.okx.com/docs-v5/en/): "Place order" `POST /api/v5/trade/order` and "Get order details"
 * `GET /api/v5/trade/order` by `clOrdId` or `ordId` (#order-book-trading-trade-get-order-details), "Get order list"
 * `GET /api/v5/trade/orders-pending`, "Withdrawal" `POST /api/v5/asset/withdrawal`, "Get ticker"
 * `GET /api/v5/market/ticker`. The route helpers name the instrument BTC-USDT.
 */
function okxRoutes(): RouteTable {
  const inst = 'instId=BTC-USDT';
  return table(
    {
      placeOrder: '/api/v5/trade/order',
      getOrder: (id) => `/api/v5/trade/order?${inst}&clOrdId=${encodeURIComponent(id)}`,
      listOrders: '/api/v5/trade/orders-pending',
      withdraw: '/api/v5/asset/withdrawal',
      ticker: `/api/v5/market/ticker?${inst}`,
    },
    [
      {
        path: '/api/v5/trade/order',
        methods: {
          POST: plain('placeOrder'),
          GET: (url) => {
            const found = lookupOrList('clOrdId', 'ordId')(url);
            return found.route === 'listOrders' ? { route: 'getOrder' } : found;
          },
        },
      },
      { path: '/api/v5/trade/orders-pending', methods: { GET: plain('listOrders') } },
      { path: '/api/v5/asset/withdrawal', methods: { POST: plain('withdraw') } },
      { path: '/api/v5/market/ticker', methods: { GET: plain('ticker') } },
    ],
  );
}

/** The route table of `dialect`. */
export function routeTable(dialect: DialectName): RouteTable {
  switch (dialect) {
    case 'infinex':
      return infinexRoutes();
    case 'batchdata':
      return batchdataRoutes();
    case 'alp':
      return alpRoutes();
    case 'orderly':
      return orderlyRoutes();
    case 'binance':
      return binanceRoutes();
    case 'bybit':
      return bybitRoutes();
    case 'okx':
      return okxRoutes();
  }
}
