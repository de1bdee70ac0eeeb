/**
 * Orderly: "Get order by client_order_id" `GET /v1/client/order/{client_order_id}`
 * (orderly.network/docs/build-on-omnichain/restful-api/private/get-order-by-client_order_id). −1006
 * RESOURCE_NOT_FOUND ("The data is not found in server", seed 004) is the not-found; it becomes `absent` only after
 * the settle time. Orderly signs every private request (ed25519 over timestamp, method, path and body): pass `sign`.
 * @module
 */
import type { VerifyHook } from '../../executor/options.js';
import { verifyByLookup } from '../by-id.js';
import { isObj } from '../http.js';
import type { LookupRequestOptions, ProofOptions } from '../options.js';

/** Options of `lookups.orderly()`. */
export interface OrderlyLookupOptions extends ProofOptions, LookupRequestOptions {
  /** The lookup path of a client order id. @default (id) => `/v1/client/order/${encodeURIComponent(id)}` */
  readonly path?: (id: string) => string;
}

/** The ready lookup for Orderly. */
export function orderlyLookup(opts: OrderlyLookupOptions = {}): VerifyHook {
  const path = opts.path ?? ((id: string) => `/v1/client/order/${encodeURIComponent(id)}`);
  return verifyByLookup({
    ...opts,
    url: (ctx) => path(ctx.operationId),
    applied: (r) => r.status === 200 && isObj(r.data) && r.data.success === true,
    absent: (r) => isObj(r.data) && r.data.success === false && Number(r.data.code) === -1006,
  });
}
