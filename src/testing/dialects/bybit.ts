/**
 * Bybit v5 (bybit-exchange/docs, docs/v5; rendered at bybit-exchange.github.io/docs/v5/error for the codes): every answer is `{"retCode","retMsg","result","retExtInfo","time"}`
 * (guide.mdx "Response Parameters"); an error is `retCode` ≠ 0, on HTTP 200 (error.mdx "UTA" and "Spot Trade"
 * tables). error.mdx "HTTP Code" names the statuses Bybit uses besides 200: 400 bad request, 401 invalid request
 * (API key, sign, timestamp), 403 forbidden (IP rate limit breached: rate-limit/rate-limit.mdx "access too
 * frequent"), 404 path not found, 429 system-level frequency protection. 5XX are not documented: a gateway's
 * 5XX is answered with Bybit's body shape and the nearest code, marked `undocumented`.
 * @module
 */
import type { DialectSpec, Table } from './types.js';

const BYBIT: Table<number> = {
  // error.mdx "UTA": 10016 "Server error."
  internal: [200, 10016, 'Server error.'],
  // undocumented status: a gateway 503; 10016 "Server error." is the nearest code.
  unavailable: [503, 10016, 'Server error.'],
  // error.mdx "UTA": 429 (as a retCode) "The trading service is experiencing a high server load. Please retry if
  // you encounter this issue." (cited by profiles.bybit).
  overload: [200, 429, 'The trading service is experiencing a high server load. Please retry if you encounter this issue.'],
  // error.mdx "UTA": 10006 "Too many visits. Exceeded the API Rate Limit."; rate-limit.mdx: retCode 10006 on HTTP 200.
  rateLimited: [200, 10006, 'Too many visits. Exceeded the API Rate Limit.'],
  // undocumented status: a gateway 504; 10000 "Server Timeout" is the nearest code.
  gatewayTimeout: [504, 10000, 'Server Timeout'],
  // error.mdx "UTA": 10000 "Server Timeout" (on HTTP 200).
  backendTimeout: [200, 10000, 'Server Timeout'],
  // error.mdx "HTTP Code" 403 "Forbidden request. Possible causes: 1. IP rate limit breached"; "UTA" 10009 "IP has
  // been banned." Never produced (IP bans are simulated for Binance only).
  ipBanned: [403, 10009, 'IP has been banned.'],
  // undocumented: Bybit has no 2FA over the API; 10005 "Permission denied" is the nearest, the name leads the message.
  require2fa: [511, 10005, 'REQUIRE_2FA: 2FA code has been sent to your e-mail'],
  invalid2fa: [401, 10005, 'INVALID_2FA: invalid 2FA code'],
  // error.mdx "UTA": 110001 "Order does not exist." (the lookups answer an empty list instead).
  notFound: [200, 110001, 'Order does not exist.'],
  // error.mdx "HTTP Code" 404 "Cannot find path"; "UTA" 10017 "Route not found." (the pairing is undocumented).
  routeNotFound: [404, 10017, 'Route not found.'],
  // undocumented status: error.mdx documents no 405 (its 400 reads "Need to send the request with GET / POST");
  // 10017 "Route not found." is the nearest code.
  methodNotAllowed: [405, 10017, 'Route not found.'],
  // error.mdx "UTA": 10001 "Request parameter error."
  malformedJson: [200, 10001, 'Request parameter error.'],
  badRequest: [200, 10001, 'Request parameter error.'],
  validation: [200, 10001, 'Request parameter error.'],
  // error.mdx "UTA": 110072 "OrderLinkedID is duplicate" (orderLinkId is unique among the account's orders).
  duplicate: [200, 110072, 'OrderLinkedID is duplicate'],
  // error.mdx "UTA": 10003 "API key is invalid.", 10004 "Error sign, please check your signature generation
  // algorithm.", 10002 "The request time exceeds the time window range."; error.mdx "HTTP Code" 401 for the
  // first two. Never produced: signing is not simulated for Bybit.
  missingApiKey: [401, 10003, 'API key is invalid.'],
  missingSignature: [401, 10004, 'Error sign, please check your signature generation algorithm.'],
  invalidSignature: [401, 10004, 'Error sign, please check your signature generation algorithm.'],
  staleTimestamp: [200, 10002, 'The request time exceeds the time window range.'],
};

/** The Bybit v5 dialect. Error bodies carry no `time` (the dialect has no clock; Bybit's do). */
export const bybit: DialectSpec = {
  name: 'bybit',
  error(kind, detail) {
    const [status, code, msg] = BYBIT[kind];
    return { status: detail?.status ?? status, body: { retCode: detail?.code ?? code, retMsg: detail?.message ?? msg, result: {}, retExtInfo: {} } };
  },
  ok: (data, now) => ({ retCode: 0, retMsg: 'OK', result: data, retExtInfo: {}, time: now }),
};
