/**
 * Binance spot SIGNED requests (binance/binance-spot-api-docs, rest-api.md, "SIGNED Endpoint security",
 * "Timing security" and "SIGNED Endpoint Examples for POST /api/v3/order"): `signature` = hex HMAC-SHA256 under
 * the secret key of "the query string concatenated without separator to the HTTP body" (the `signature` pair
 * itself excluded), sent in the query string or the body; HMAC signatures are not case-sensitive. A `timestamp`
 * (ms, or µs) is mandatory; `recvWindow` defaults to 5000 ms and may not exceed 60000. The server processes a
 * request only if `timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow`, else −1021
 * INVALID_TIMESTAMP (errors.md). A bad signature is −1022 INVALID_SIGNATURE.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict } from '../types.js';

/** `recvWindow` when a request sends none (rest-api.md, "Timing security"). */
export const BINANCE_RECV_WINDOW_MS = 5_000;
/** The largest `recvWindow` accepted. */
export const BINANCE_MAX_RECV_WINDOW_MS = 60_000;

/** The hex HMAC-SHA256 of `payload` under `secret`. */
export function binanceSignature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/**
 * A signed query string: `params` (in their order), then `timestamp` (default `Date.now()`) and `recvWindow`
 * when given, then `signature`. Send it as the query string, or as an `application/x-www-form-urlencoded` body.
 *
 * @example
 * const qs = signedBinanceQuery(secret, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC',
 *   quantity: '0.01', price: '65000', newClientOrderId: 'my-1' }, { recvWindow: 5000 });
 * await axios.post(`/api/v3/order?${qs}`, undefined, { headers: { 'X-MBX-APIKEY': apiKey } });
 */
export function signedBinanceQuery(
  secret: string,
  params: Readonly<Record<string, string | number | boolean>>,
  opts: { timestamp?: number; recvWindow?: number } = {},
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) search.append(name, String(value));
  if (opts.recvWindow !== undefined) search.append('recvWindow', String(opts.recvWindow));
  search.append('timestamp', String(opts.timestamp ?? Date.now()));
  const payload = search.toString();
  return `${payload}&signature=${binanceSignature(secret, payload)}`;
}

/** The outcome of {@link checkBinanceSignature}: a verdict plus the Binance code and message of a refusal. */
export interface BinanceCheck {
  verdict: SignatureVerdict;
  /** −1102 (a mandatory parameter missing or malformed), −1021 (timestamp) or −1022 (signature); absent when ok. */
  code?: -1102 | -1021 | -1022;
  msg?: string;
}

const mandatory = (name: string): BinanceCheck => ({
  verdict: 'missing',
  code: -1102,
  msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
});

/** Splits raw `a=1&b=2` text into its pairs, keeping each pair's exact bytes. */
function pairs(raw: string): Array<{ name: string; text: string; value: string }> {
  return raw
    .split('&')
    .filter((text) => text !== '')
    .map((text) => {
      const parsed = new URLSearchParams(text);
      const [name = '', value = ''] = [...parsed.entries()][0] ?? [];
      return { name, text, value };
    });
}

/**
 * Checks a SIGNED request. `rawQuery` is the query string as sent (without `?`), `rawBody` the form body as sent;
 * `defaultRecvWindowMs` applies when the request sends no `recvWindow`.
 */
export function checkBinanceSignature(
  secret: string,
  rawQuery: string,
  rawBody: string,
  now: number,
  defaultRecvWindowMs: number,
): BinanceCheck {
  const query = pairs(rawQuery);
  const body = pairs(rawBody);
  // A parameter sent in both places: the query string's wins (rest-api.md, "General Information on Endpoints").
  const param = (name: string): string | undefined =>
    (query.find((p) => p.name === name) ?? body.find((p) => p.name === name))?.value;
  const signature = param('signature');
  if (signature === undefined || signature === '') return mandatory('signature');
  const ts = param('timestamp');
  if (ts === undefined || !/^\d+$/.test(ts)) return mandatory('timestamp');
  const recv = param('recvWindow');
  const recvWindow = recv === undefined ? defaultRecvWindowMs : Number(recv);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0) return mandatory('recvWindow');
  if (recvWindow > BINANCE_MAX_RECV_WINDOW_MS) {
    return { verdict: 'invalid', code: -1102, msg: `'recvWindow' contains unexpected value. Cannot be greater than ${BINANCE_MAX_RECV_WINDOW_MS}.` };
  }
  // Timestamps may be sent in microseconds (rest-api.md, "General API Information").
  const timestamp = ts.length >= 16 ? Number(ts) / 1000 : Number(ts);
  if (timestamp >= now + 1000) {
    return { verdict: 'expired', code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." };
  }
  if (now - timestamp > recvWindow) {
    return { verdict: 'expired', code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' };
  }
  const unsigned = (list: typeof query): string => list.filter((p) => p.name !== 'signature').map((p) => p.text).join('&');
  const expected = Buffer.from(binanceSignature(secret, unsigned(query) + unsigned(body)), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return { verdict: 'ok' };
  return { verdict: 'invalid', code: -1022, msg: 'Signature for this request is not valid.' };
}
