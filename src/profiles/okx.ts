import { okxDialect } from '../dialects/okx.js';
import { BATCH_PARTIAL } from '../dialects/batch.js';
import type { Profile } from './types.js';

/** The OKX v5 reference; rules cite its sections (ERRORS = #error-code-rest-api-public). */
const DOCS = 'https://www.okx.com/docs-v5/en/';

/**
 * OKX v5. Every answer is `{"code","msg","data"}`, errors often on HTTP 200 (`code` ≠ "0", per-order `sCode` in
 * order answers: read as failures). 50004 and 51054 (timeouts) verify an order; 50011/50013/50040/50061 throttle;
 * 50102 (expired timestamp) and 50037 (expTime passed) are re-signed and sent again. Orders carry `clOrdId`
 * ("case-sensitive alphanumerics … up to 32 characters": the operation id without its dashes), looked up with
 * `lookups.okx()`. "Place order": 60 requests per 2 s (User ID + Instrument ID).
 */
export const okx: Profile = Object.freeze<Profile>({
  name: 'okx',
  dialect: okxDialect,
  // #order-book-trading-trade-post-place-order: "clOrdId … A combination of case-sensitive alphanumerics, all
  // numbers, or all letters of up to 32 characters."
  operationIdField: 'clOrdId',
  operationIdUrl: /\/api\/v5\/trade\/order\/?$/,
  formatOperationId: (id) => id.replace(/-/g, ''),
  adaptive: false,
  // #order-book-trading-trade-post-place-order: "Rate Limit: 60 requests per 2 seconds", rule "User ID + Instrument ID".
  rateLimits: [{ limit: 60, intervalMs: 2_000, url: /\/api\/v5\/trade\/order\/?$/, source: `${DOCS}#order-book-trading-trade-post-place-order: 60 requests per 2 s` }],
  rules: [
    // ERRORS: 50004 (HTTP 400) "API endpoint request timeout (does not mean that the request was successful or
    // failed, please check the request result)"; 51054 (HTTP 500) "Request timed out. Please try again."
    { code: [50004, 51054], safe: false, action: 'verify', reason: 'endpoint timeout: OKX says it does not mean success or failure; check the result' },
    { code: [50004, 51054], safe: true, action: 'retry', reason: 'endpoint timeout on a request that is safe to repeat' },
    // ERRORS: 50011 "Rate limit reached" (200/429), 50013 (429) "Systems are busy. Please try again later.",
    // 50040 "Too frequent operations, please try again later", 50061 "You've reached the maximum order rate limit
    // for this account."
    { code: [50011, 50013, 50040, 50061], action: 'throttle', reason: 'rate limit reached or systems busy: slow down everything on this key' },
    // ERRORS: 50001 (503) "Service temporarily unavailable. Please try again later."
    { code: 50001, action: 'retry', reason: 'service temporarily unavailable: try again later' },
    // ERRORS: 50026 (500) "System error. Try again later": whether an order was taken is not said.
    { code: 50026, safe: false, action: 'verify', reason: 'system error on an order: it may have been placed' },
    { code: 50026, safe: true, action: 'retry', reason: 'system error on a request that is safe to repeat' },
    // ERRORS "API Class": 50102 (401) "Timestamp request expired."; 50037 "Order expired." (the expTime passed;
    // #overview-transaction-timeouts: "the request will not be processed"). Refused before processing: re-signed.
    { code: [50102, 50037], maxRepeats: 0, action: 'retry', reason: 'expired timestamp or expTime: refused before processing; re-signed and sent again' },
    // ERRORS: 51016 "Client order ID already exists.", 50071 "{param} already exists e.g. clOrdId already exists",
    // 50042 "Repeated request": after a resend with the same clOrdId, the first send was placed.
    { code: [51016, 50071, 50042], resent: true, action: 'verify', reason: 'clOrdId already exists after a resend: the first send was placed' },
    // ERRORS: 2 "Bulk operation partially succeeded." (read as BATCH_PARTIAL by the dialect).
    { code: BATCH_PARTIAL, action: 'fail', reason: 'part of the batch was placed: resending it would place those orders twice (fields: each refused order)' },
    // ERRORS: 50005 (410) "API endpoint is inactive or unavailable."
    { code: 50005, action: 'fail', reason: 'the API endpoint is inactive or unavailable' },
    // ERRORS lists no other 5XX; on an order the outcome is unknown.
    { status: { from: 500, to: 599 }, safe: false, action: 'verify', reason: 'HTTP 5XX on an order: it may have been placed' },
  ],
});
