import { binanceDialect } from '../dialects/binance.js';
import type { Profile } from './types.js';

/** binance/binance-spot-api-docs (GitHub), the pages every rule below cites. */
const DOCS = 'https://github.com/binance/binance-spot-api-docs/blob/master';
const duplicate = /duplicate order sent/i;

/**
 * Binance spot REST. Errors `{"code","msg"}`; 5XX and −1007/−1006 mean "execution status UNKNOWN": verify an order,
 * never resend it blindly. 429 and −1003/−1015 throttle; 418 is an IP ban: the whole key waits out its
 * `Retry-After`. −1021 (timestamp outside `recvWindow`) was refused before processing: re-signed by `prepare` and
 * sent again. Orders carry `newClientOrderId` (= the operation id; `^[.A-Z:/a-z0-9_-]{1,36}$`, which a UUIDv7
 * fits), looked up with `lookups.binance()`. Limits are per IP: weight 6,000 per minute, reported in
 * `X-MBX-USED-WEIGHT-1M`; orders 50 per 10 s per account.
 */
export const binance: Profile = Object.freeze<Profile>({
  name: 'binance',
  dialect: binanceDialect,
  // rest-api.md "New order": `newClientOrderId` "A unique id among open orders. Automatically generated if not sent."
  operationIdField: 'newClientOrderId',
  operationIdUrl: /\/api\/v3\/order\/?$/,
  adaptive: false,
  rateLimits: [
    // web-socket-api.md "Response format" example: ORDERS 50 per 10 SECOND (the account's unfilled order count).
    { limit: 50, intervalMs: 10_000, url: /\/api\/v3\/order\/?$/, source: `${DOCS}/web-socket-api.md#response-format: ORDERS 50 per 10 s` },
  ],
  // rest-api.md "IP Limits": every answer carries X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter); enums.md
  // "Rate limiters": REQUEST_WEIGHT 6000 per 1 MINUTE.
  usedWeight: [{ header: 'x-mbx-used-weight-1m', limit: 6_000, intervalMs: 60_000, source: `${DOCS}/enums.md#rate-limiters-ratelimittype: REQUEST_WEIGHT 6000 per minute` }],
  // rest-api.md: "New order" weight 1, "Query order" 4, "Cancel order" 1, "All orders" 20.
  requestWeights: [
    { method: 'POST', url: /\/api\/v3\/order\/?$/, weight: 1, source: `${DOCS}/rest-api.md#new-order-trade` },
    { method: 'GET', url: /\/api\/v3\/order\/?$/, weight: 4, source: `${DOCS}/rest-api.md#query-order-user_data` },
    { method: 'DELETE', url: /\/api\/v3\/order\/?$/, weight: 1, source: `${DOCS}/rest-api.md#cancel-order-trade` },
    { method: 'GET', url: /\/api\/v3\/allOrders\/?$/, weight: 20, source: `${DOCS}/rest-api.md#all-orders-user_data` },
  ],
  rules: [
    // rest-api.md "HTTP Return Codes": "418 … an IP has been auto-banned for continuing to send requests after
    // receiving 429 codes"; "LIMITS": Retry-After gives "the number of seconds … in the case of a 418, until the
    // ban is over". Every request on the key waits the whole ban: a probe inside it prolongs it.
    { status: 418, action: 'throttle', reason: 'IP banned (418): everything on this key waits until the ban ends (Retry-After); an earlier probe would prolong it' },
    // errors.md −1003 TOO_MANY_REQUESTS ("Too much request weight used…"); rest-api.md: 429 "when breaking a request rate limit".
    { code: -1003, action: 'throttle', reason: 'TOO_MANY_REQUESTS (−1003): request weight over the limit; wait the server window' },
    // errors.md −1015 TOO_MANY_ORDERS; rest-api.md "Unfilled Order Count": "a 429 error with the Retry-After header".
    { code: -1015, action: 'throttle', reason: 'TOO_MANY_ORDERS (−1015): the unfilled order count is over its limit; wait the server window' },
    // errors.md −1007 TIMEOUT "Send status unknown; execution status unknown."; rest-api.md "General API
    // Information": "This does not always mean that the request failed in the Matching Engine."
    { code: -1007, safe: false, action: 'verify', reason: 'TIMEOUT (−1007): execution status unknown; the order may have been placed' },
    { code: -1007, safe: true, action: 'retry', reason: 'TIMEOUT (−1007) on a request that is safe to repeat' },
    // errors.md −1006 UNEXPECTED_RESP "An unexpected response was received from the message bus. Execution status unknown."
    { code: -1006, safe: false, action: 'verify', reason: 'UNEXPECTED_RESP (−1006): execution status unknown' },
    { code: -1006, safe: true, action: 'retry', reason: 'UNEXPECTED_RESP (−1006) on a request that is safe to repeat' },
    // errors.md −1021 INVALID_TIMESTAMP "outside of the recvWindow" / "1000ms ahead of the server's time":
    // refused before processing (rest-api.md "Timing security"), so nothing was applied. `prepare` signs the resend
    // with a fresh timestamp. Once: a second refusal means a clock that is off, and falls through to fail.
    { code: -1021, maxRepeats: 0, action: 'retry', reason: 'INVALID_TIMESTAMP (−1021): refused before processing; re-signed and sent again' },
    // errors.md "Messages for −2010": "Duplicate order sent." = "The clOrdId is already in use": after a resend
    // with the same newClientOrderId, the first send was placed after all.
    { code: -2010, resent: true, when: (f) => duplicate.test(f.message), action: 'verify', reason: 'Duplicate order sent (−2010) after a resend: the first send was placed' },
    // rest-api.md "HTTP Return Codes": "5XX … It is important to NOT treat this as a failure operation; the
    // execution status is UNKNOWN and could have been a success." (−1000, −1001, −1008 arrive this way.)
    { status: { from: 500, to: 599 }, safe: false, action: 'verify', reason: '5XX: Binance says the execution status is UNKNOWN and could have been a success' },
    { status: { from: 500, to: 599 }, safe: true, action: 'retry', reason: '5XX on a request that is safe to repeat' },
    // rest-api.md "HTTP Return Codes": "403 … a WAF (Web Application Firewall) rule has been violated".
    { status: 403, action: 'fail', reason: 'WAF rule violated (403): a rate limit violation or a security block' },
  ],
});
