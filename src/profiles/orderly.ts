import { orderlyDialect } from '../dialects/orderly.js';
import type { Profile } from './types.js';

/**
 * Orderly Network (code table shared with WOO X). Numeric codes, sometimes as strings. −1003 rate limit;
 * −1011 `RPC_NOT_CONNECT` and −1012 `RPC_REJECT` arrive as 400 but say "try again in a few seconds";
 * −1007 `DUPLICATE_REQUEST` after a resend means the first send landed. "Create order" `POST /v1/order` carries
 * `client_order_id` (= the operation id), looked up with `lookups.orderly()` (`GET /v1/client/order/{id}`). "Batch
 * create order" `POST /v1/batch-order` takes a list of orders: give each its own `client_order_id` (one operation id
 * cannot name several orders). Order endpoints: 10 requests/s per key; the batch endpoint 1 request/s
 * (orderly.network/docs/build-on-omnichain/restful-api/private/create-order, …/batch-create-order). Requests are
 * signed over a timestamp (ed25519, 300 s window): re-sign in `prepare`.
 */
export const orderly: Profile = Object.freeze<Profile>({
  name: 'orderly',
  dialect: orderlyDialect,
  operationIdField: 'client_order_id',
  operationIdUrl: /\/v1\/order\/?$/,
  adaptive: true,
  rateLimits: [
    { limit: 10, intervalMs: 1_000, url: /\/v1\/order/, source: 'Orderly: order endpoints 10 requests/s per key' },
    { limit: 1, intervalMs: 1_000, url: /\/v1\/batch-order\/?$/, source: 'Orderly "Batch create order": 1 request per 1 second' },
  ],
  rules: [
    { code: -1003, action: 'throttle', reason: 'TOO_MANY_REQUEST: rate limit exceeded' },
    { code: [-1011, -1012], action: 'retry', reason: 'the order was not placed (internal network error or rejection): try again in a few seconds' },
    { code: -1007, resent: true, action: 'verify', reason: 'DUPLICATE_REQUEST after a resend: the first send landed late' },
    { code: -1000, safe: true, action: 'retry', reason: 'UNKNOWN error on a request that is safe to repeat' },
    { code: -1000, safe: false, action: 'verify', reason: 'UNKNOWN error while processing: the order may have been placed' },
  ],
});
