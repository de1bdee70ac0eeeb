/**
 * Reading a mutating request: the JSON body most APIs take, or Binance's form parameters (query string and
 * `application/x-www-form-urlencoded` body, the query string winning: rest-api.md "General Information on
 * Endpoints"), and the intent the ledger counts it by.
 * @module
 */
import type { ErrorKind } from './dialects/index.js';
import { intentOf } from './intent.js';
import type { DialectName, RouteName } from './types.js';

/** A parsed body, or why it could not be read. */
export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; error: ErrorKind };

/** Binance's signing parameters: not part of what the client asked for, so not part of its intent. */
const BINANCE_SIGNING_PARAMS = ['timestamp', 'recvWindow', 'signature'] as const;

/** Parses the body of a `placeOrder` or `withdraw` request. */
export function parseBody(dialect: DialectName, raw: string, query: URLSearchParams): ParsedBody {
  if (dialect === 'binance') {
    const params: Record<string, unknown> = {};
    for (const [name, value] of new URLSearchParams(raw)) if (!(name in params)) params[name] = value;
    for (const [name, value] of query) params[name] = value;
    return { ok: true, body: params };
  }
  try {
    const body = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'badRequest' };
    return { ok: true, body: body as Record<string, unknown> };
  } catch {
    return { ok: false, error: 'malformedJson' };
  }
}

/** The body field naming the intent when the caller set no `intentKey`. */
export function defaultIntentKey(dialect: DialectName, route: RouteName): string | undefined {
  switch (dialect) {
    case 'alp':
    case 'orderly':
      return 'client_order_id';
    case 'binance':
      return route === 'withdraw' ? 'withdrawOrderId' : 'newClientOrderId';
    // Bybit order/create-order.mdx `orderLinkId`; asset/withdraw/withdraw.mdx `requestId` ("used for idempotent
    // verification").
    case 'bybit':
      return route === 'withdraw' ? 'requestId' : 'orderLinkId';
    // OKX "Place order" `clOrdId`; "Withdrawal" `clientId`.
    case 'okx':
      return route === 'withdraw' ? 'clientId' : 'clOrdId';
    case 'infinex':
    case 'batchdata':
      return undefined;
  }
}

/** The intent of a parsed mutating request (see {@link intentOf}); Binance's signing parameters are left out. */
export function intentOfRequest(
  dialect: DialectName,
  method: string,
  route: RouteName,
  body: Record<string, unknown>,
  intentKey: string | undefined,
): string {
  const key = intentKey ?? defaultIntentKey(dialect, route);
  if (dialect !== 'binance') return intentOf(method, route, body, key);
  const rest = { ...body };
  for (const name of BINANCE_SIGNING_PARAMS) delete rest[name];
  return intentOf(method, route, rest, key);
}

/** The client IP: the first `X-Forwarded-For` entry when sent, else the socket's address. */
export function clientIp(headers: Record<string, string>, socketAddress: string | undefined): string {
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim();
  return forwarded !== undefined && forwarded !== '' ? forwarded : (socketAddress ?? 'unknown');
}
