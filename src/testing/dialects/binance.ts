/**
 * Binance spot REST (binance/binance-spot-api-docs): errors are `{"code":-1121,"msg":"Invalid symbol."}`
 * (rest-api.md "Error Codes"; codes and messages from errors.md). HTTP: 4XX for malformed requests, 429 over a
 * rate limit, 418 for an IP auto-banned after ignoring 429s, 5XX internal, where "the execution status is UNKNOWN
 * and could have been a success" (rest-api.md "HTTP Return Codes"). The docs give codes, not the HTTP status of
 * each: 4XX codes are answered as 400 (401 for API-key errors), as clients observe.
 * @module
 */
import type { DialectSpec, Table } from './types.js';

/** errors.md, −1007 TIMEOUT. */
export const BINANCE_TIMEOUT_MSG = 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.';

const BINANCE: Table<number> = {
  // errors.md −1000 UNKNOWN.
  internal: [500, -1000, 'An unknown error occurred while processing the request.'],
  // errors.md −1001 DISCONNECTED.
  unavailable: [503, -1001, 'Internal error; unable to process your request. Please try again.'],
  // errors.md −1008 SERVER_BUSY.
  overload: [503, -1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.'],
  // errors.md −1003 TOO_MANY_REQUESTS (the server fills in the limit).
  rateLimited: [429, -1003, 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.'],
  // undocumented body: a gateway 504 is "execution status UNKNOWN"; −1007 TIMEOUT says exactly that.
  gatewayTimeout: [504, -1007, BINANCE_TIMEOUT_MSG],
  // rest-api.md "General API Information": a backend timeout answers −1007; the status is configurable (408).
  backendTimeout: [408, -1007, BINANCE_TIMEOUT_MSG],
  // errors.md −1003, the ban message (the server fills in the time).
  ipBanned: [418, -1003, 'Way too much request weight used; IP banned until %s. Please use WebSocket Streams for live updates to avoid bans.'],
  // undocumented: Binance has no 2FA over the API; −1002 UNAUTHORIZED, the name leads the message.
  require2fa: [511, -1002, 'REQUIRE_2FA: 2FA code has been sent to your e-mail'],
  invalid2fa: [401, -1002, 'INVALID_2FA: invalid 2FA code'],
  // errors.md −2013 NO_SUCH_ORDER.
  notFound: [400, -2013, 'Order does not exist.'],
  // undocumented: an unknown path or method.
  routeNotFound: [404, -1000, 'An unknown error occurred while processing the request.'],
  methodNotAllowed: [405, -1000, 'An unknown error occurred while processing the request.'],
  // errors.md −1102 MANDATORY_PARAM_EMPTY_OR_MALFORMED (Binance reads form parameters, never JSON).
  malformedJson: [400, -1102, 'A mandatory parameter was not sent, was empty/null, or malformed.'],
  badRequest: [400, -1102, 'A mandatory parameter was not sent, was empty/null, or malformed.'],
  validation: [400, -1102, 'A mandatory parameter was not sent, was empty/null, or malformed.'],
  // errors.md −2010 NEW_ORDER_REJECTED with "Duplicate order sent." (newClientOrderId is unique among open orders).
  duplicate: [400, -2010, 'Duplicate order sent.'],
  // errors.md −2014 BAD_API_KEY_FMT.
  missingApiKey: [401, -2014, 'API-key format invalid.'],
  missingSignature: [400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."],
  // errors.md −1022 INVALID_SIGNATURE and −1021 INVALID_TIMESTAMP.
  invalidSignature: [400, -1022, 'Signature for this request is not valid.'],
  staleTimestamp: [400, -1021, 'Timestamp for this request is outside of the recvWindow.'],
};

/** The Binance dialect. */
export const binance: DialectSpec = {
  name: 'binance',
  error(kind, detail) {
    const [status, code, msg] = BINANCE[kind];
    return { status: detail?.status ?? status, body: { code: detail?.code ?? code, msg: detail?.message ?? msg } };
  },
  ok: (data) => data,
};
