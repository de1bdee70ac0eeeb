import { alpDialect } from '../dialects/alp.js';
import type { Profile } from './types.js';

/**
 * ALP.COM exchange, API v3 (ALPCOMDEV/alp-api-docs, source/index.html.md). Business errors ride on HTTP 400 with a
 * slug: `SERVICE_OVERLOADED` (retry later) and `INTERNAL_ERROR` must be read from the body. "Place Order"
 * `POST /api/v3/trading/order` and (2023-2024 reference) "Withdraw Request" `POST /api/v3/withdraw` take an optional
 * `client_order_id`, which carries the operation id; placing answers `[id]`. ALP has no lookup by client order id and
 * its order list carries none: `lookups.alp()` finds an order in `GET /api/v3/accounts/order` by the fields sent.
 * No rate limits are documented (adaptive). POST/DELETE are signed (`X-SIGN`): re-sign in `prepare` over the exact
 * bytes sent.
 */
export const alp: Profile = Object.freeze<Profile>({
  name: 'alp',
  dialect: alpDialect,
  operationIdField: 'client_order_id',
  // "Place Order" POST /api/v3/trading/order and "Withdraw Request" POST /api/v3/withdraw (ALPCOMDEV/alp-api-docs).
  operationIdUrl: /\/(trading\/order|withdraw)\/?$/,
  adaptive: true,
  rules: [
    { code: 'SERVICE_OVERLOADED', action: 'retry', reason: 'service temporarily overloaded, retry later' },
    { code: 'TOO_MANY_REQUESTS', action: 'throttle', reason: 'rate limit exceeded' },
    { code: 'SERVICE_UNAVAILABLE', action: 'retry', reason: 'service temporarily unavailable' },
    { code: 'INTERNAL_SERVER_ERROR', action: 'retry', reason: 'unexpected server error' },
    { code: 'INTERNAL_ERROR', safe: true, action: 'retry', reason: 'internal service error' },
    { code: 'INTERNAL_ERROR', safe: false, action: 'verify', reason: 'internal error in the trading core: the order may have been placed' },
  ],
});
