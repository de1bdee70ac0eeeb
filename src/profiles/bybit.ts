import { bybitDialect } from '../dialects/bybit.js';
import { BATCH_PARTIAL } from '../dialects/batch.js';
import type { Profile } from './types.js';

/** bybit-exchange/docs (GitHub): error.mdx, guide.mdx, rate-limit/rate-limit.mdx and order/*.mdx are cited below. */
const DOCS = 'https://github.com/bybit-exchange/docs/blob/main/docs/v5';

/**
 * Bybit v5. Errors ride on HTTP 200 as `retCode` ≠ 0 (read as failures); 10006 throttles; 10002 (timestamp outside
 * `recv_window`) is re-signed and sent again; server errors and backend timeouts on an order are verified. Orders
 * carry `orderLinkId` (≤ 36 letters, digits, dashes, underscores: a UUIDv7 fits), looked up with
 * `lookups.bybit()` (which never proves an order absent: Bybit documents order creation as asynchronous).
 * Limits are per UID and per second, advertised on every answer in `X-Bapi-Limit-Status` / `X-Bapi-Limit`.
 */
export const bybit: Profile = Object.freeze<Profile>({
  name: 'bybit',
  dialect: bybitDialect,
  // order/create-order.mdx: "orderLinkId … A max of 36 characters. Combinations of numbers, letters (upper and lower
  // cases), dashes, and underscores are supported … always unique".
  operationIdField: 'orderLinkId',
  operationIdUrl: /\/v5\/order\/create\/?$/,
  adaptive: false,
  // rate-limit/rate-limit.mdx "API Rate Limit Table": POST /v5/order/create 10/s (inverse, linear, option), 20/s spot.
  rateLimits: [{ limit: 10, intervalMs: 1_000, url: /\/v5\/order\/create\/?$/, source: `${DOCS}/rate-limit/rate-limit.mdx: order/create 10/s per UID` }],
  rules: [
    // error.mdx "UTA": 10006 "Too many visits. Exceeded the API Rate Limit."; rate-limit.mdx: retCode 10006 "you
    // have hit the API rate limit".
    { code: 10006, action: 'throttle', reason: '10006: too many visits, the API rate limit is exceeded' },
    // error.mdx "Spot Trade": 170005 "Too many new orders; current limit is %s orders per %s."
    { code: 170005, action: 'throttle', reason: '170005: too many new orders for the current limit' },
    // error.mdx "UTA": 429 "The trading service is experiencing a high server load. Please retry if you encounter this issue."
    { code: 429, action: 'retry', reason: 'retCode 429: high server load, Bybit asks to retry' },
    // error.mdx "UTA": 10002 "The request time exceeds the time window range."; guide.mdx: the timestamp must lie in
    // [server_time − recv_window, server_time + 1000): refused before processing. −1 "request expired".
    { code: [10002, -1], maxRepeats: 0, action: 'retry', reason: 'request expired / outside recv_window: refused before processing; re-signed and sent again' },
    // error.mdx "UTA": 10000 "Server Timeout", 10016 "Server error."; "Spot Trade": 170001 "Internal error.",
    // 170007 "Timeout waiting for response from backend server.", 170032 "Network error. Please try again later",
    // 170146 "Order creation timeout". None says whether the order was taken.
    { code: [10000, 10016, 170001, 170007, 170032, 170146], safe: false, action: 'verify', reason: 'server error or backend timeout: the order may have been placed' },
    { code: [10000, 10016, 170001, 170007, 170032, 170146], safe: true, action: 'retry', reason: 'server error or backend timeout on a request that is safe to repeat' },
    // error.mdx "UTA": 110079 "The order is processing and can not be operated, please try again later".
    { code: 110079, action: 'retry', reason: '110079: the order is still processing; try again later' },
    // error.mdx: 110072 "OrderLinkedID is duplicate", 170141 "Duplicate clientOrderId": after a resend with the same
    // orderLinkId, the first send was placed.
    { code: [110072, 170141], resent: true, action: 'verify', reason: 'duplicate orderLinkId after a resend: the first send was placed' },
    // order/batch-place.mdx: per-order results; some placed, some refused: a resend would place the placed ones again.
    { code: BATCH_PARTIAL, action: 'fail', reason: 'part of the batch was placed: resending it would place those orders twice (fields: each refused order)' },
    // error.mdx "HTTP Code": 403 "Forbidden request. Possible causes: 1. IP rate limit breached …"; rate-limit.mdx:
    // "403, access too frequent … wait for at least 10 minutes". No window is sent, so no probe is made.
    { status: 403, action: 'fail', reason: 'HTTP 403: forbidden or the IP rate limit is breached (Bybit: stop and wait at least 10 minutes)' },
    // error.mdx "HTTP Code" documents no 5XX: on an order, the outcome is unknown.
    { status: { from: 500, to: 599 }, safe: false, action: 'verify', reason: 'HTTP 5XX (undocumented by Bybit) on an order: it may have been placed' },
  ],
});
