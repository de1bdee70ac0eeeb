/** Shared helpers of the simulator suite: a plain axios client and per-dialect request bodies. */
import http from 'node:http';
import axios, { AxiosError, type AxiosRequestConfig } from 'axios';
import type { DialectName, Simulator } from '../../src/testing/index.js';

/** One response as seen by plain axios, or the network error code when the socket was reset. */
export interface Seen {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
  error?: string;
}

const agent = new http.Agent({ keepAlive: false });

/**
 * Plain axios against the simulator: every status resolves, body kept as raw text and parsed when JSON. Object
 * bodies go as JSON, or as a form (`application/x-www-form-urlencoded`) to a Binance simulator, which reads forms.
 */
export async function send(
  sim: Simulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  config: AxiosRequestConfig = {},
): Promise<Seen> {
  try {
    const res = await axios.request<string>({
      method,
      url: sim.url + path,
      ...(body === undefined ? {} : { data: typeof body === 'string' ? body : encode(sim, body) }),
      headers: { 'content-type': contentType(sim), ...(config.headers as Record<string, string> | undefined) },
      validateStatus: () => true,
      transformRequest: (data: unknown) => data, // send the exact bytes given (axios re-encodes invalid JSON strings)
      transformResponse: (data: unknown) => data,
      responseType: 'text',
      httpAgent: agent,
      timeout: 5_000,
      ...(config.timeout === undefined ? {} : { timeout: config.timeout }),
    });
    let json: unknown;
    try {
      json = JSON.parse(res.data);
    } catch {
      json = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
    return { status: res.status, headers, text: res.data, json };
  } catch (error) {
    if (error instanceof AxiosError && error.response === undefined) {
      return { status: 0, headers: {}, text: '', json: undefined, error: error.code ?? error.message };
    }
    throw error;
  }
}

/** The body encoding `sim` reads. */
export function encode(sim: Simulator, body: unknown): string {
  if (sim.dialect !== 'binance') return JSON.stringify(body);
  return new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

function contentType(sim: Simulator): string {
  return sim.dialect === 'binance' ? 'application/x-www-form-urlencoded' : 'application/json';
}

/** A valid order body for `dialect`, carrying `id` as its client order id (or a `ref` where there is none). */
export function orderBody(dialect: DialectName, id: string): Record<string, unknown> {
  switch (dialect) {
    case 'infinex':
      return { pair: 'BTC_USDT', side: 'BUY', type: 'LIMIT', amount: '0.1', price: '65000', ref: id };
    case 'batchdata':
      return { requests: [{ propertyAddress: { street: '1 Main St', city: 'Phoenix', state: 'AZ', zip: '85001' } }], ref: id };
    case 'alp':
      return { pair: 'BTC_USDT', order_side: 'BUY', order_type: 'LIMIT', wallet_type: 'SPOT', base_amount: '0.1', limit_price: '65000', client_order_id: id };
    case 'orderly':
      return { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 65000, order_quantity: 0.1, client_order_id: id };
    case 'binance':
      return { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '65000', newClientOrderId: id };
    case 'bybit':
      return { category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.1', price: '65000', orderLinkId: id };
    case 'okx':
      return { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', sz: '0.1', px: '65000', clOrdId: id };
  }
}

/** The machine-readable error code of a dialect's error body. */
export function errorCode(dialect: DialectName, json: unknown): unknown {
  const body = json as Record<string, any> | undefined;
  switch (dialect) {
    case 'infinex':
      return body?.['error']?.['code'];
    case 'batchdata':
      return body?.['status']?.['code'];
    case 'alp':
    case 'orderly':
    case 'binance':
      return body?.['code'];
    case 'bybit':
      return body?.['retCode'];
    case 'okx':
      // A per-order refusal (code "1") names its reason in data[0].sCode.
      return body?.['code'] === '1' ? body?.['data']?.[0]?.['sCode'] : body?.['code'];
  }
}

/** Every dialect. */
export const DIALECTS: readonly DialectName[] = ['infinex', 'batchdata', 'alp', 'orderly', 'binance', 'bybit', 'okx'];

/** Whether `dialect` looks orders up by the client order id (the others by the intent). */
export const byClientId = (dialect: DialectName): boolean => dialect !== 'infinex' && dialect !== 'batchdata';
