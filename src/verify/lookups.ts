/**
 * Small verify hooks for the common lookup shapes: fetch one order by its client id, or find it in a list.
 * Each returns `applied` with the order as data, `absent` when the API says it does not exist, and `unknown`
 * for anything else (a 5xx, a timeout, an HTML page): unknown is never taken for absent.
 * @module
 */
import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { VerifyContext, VerifyHook, VerifyResult } from '../executor/options.js';

/** Options of `verifyByLookup`. */
export interface LookupOptions {
  /** The lookup URL for this operation, e.g. `(ctx) => \`/v1/client/order/${ctx.operationId}\``. */
  readonly url: (ctx: VerifyContext) => string;
  /** True when the response shows the operation applied. @default 2xx */
  readonly applied?: (res: AxiosResponse) => boolean;
  /** True when the response proves the operation does not exist. @default status 404 */
  readonly absent?: (res: AxiosResponse) => boolean;
  /** The data handed to the caller when applied. @default res.data */
  readonly data?: (res: AxiosResponse) => unknown;
  /** Extra request config (headers, params). */
  readonly config?: AxiosRequestConfig;
  /** Per-lookup timeout. @default 5_000 */
  readonly timeoutMs?: number;
}

/** A verify hook that fetches the operation by id. */
export function verifyByLookup(opts: LookupOptions): VerifyHook {
  const applied = opts.applied ?? ((r) => r.status >= 200 && r.status < 300);
  const absent = opts.absent ?? ((r) => r.status === 404);
  return async (ctx): Promise<VerifyResult> => {
    const res = await ctx.http.request({
      ...opts.config,
      method: 'GET',
      url: opts.url(ctx),
      signal: ctx.signal,
      timeout: opts.timeoutMs ?? 5_000,
      validateStatus: () => true,
    });
    if (absent(res)) return { outcome: 'absent' };
    if (applied(res)) return { outcome: 'applied', data: opts.data ? opts.data(res) : res.data };
    return { outcome: 'unknown' };
  };
}

/** Options of `verifyInList`. */
export interface ListOptions {
  /** The list URL (recent orders, order history). */
  readonly url: (ctx: VerifyContext) => string;
  /** Query parameters narrowing the list (pair, side, since). */
  readonly params?: (ctx: VerifyContext) => Record<string, unknown>;
  /** The items inside a successful response body. */
  readonly items: (data: unknown) => readonly unknown[] | undefined;
  /** True when `item` is this operation (compare the fields the request sent). */
  readonly match: (item: unknown, ctx: VerifyContext) => boolean;
  /** Extra request config (headers, params; `params` is merged with the `params` option's). */
  readonly config?: AxiosRequestConfig;
  /** @default 5_000 */
  readonly timeoutMs?: number;
}

/**
 * A verify hook that looks for the operation in a list (for APIs without a client id, such as Infinex's order
 * history). Found → `applied`; a successful list without it → `absent`; anything else → `unknown`.
 */
export function verifyInList(opts: ListOptions): VerifyHook {
  return async (ctx): Promise<VerifyResult> => {
    const res = await ctx.http.request({
      ...opts.config,
      method: 'GET',
      url: opts.url(ctx),
      params: { ...(opts.config?.params as object | undefined), ...opts.params?.(ctx) },
      signal: ctx.signal,
      timeout: opts.timeoutMs ?? 5_000,
      validateStatus: () => true,
    });
    if (res.status < 200 || res.status >= 300) return { outcome: 'unknown' };
    const items = opts.items(res.data);
    if (!Array.isArray(items)) return { outcome: 'unknown' };
    const found = items.find((item) => opts.match(item, ctx));
    return found === undefined ? { outcome: 'absent' } : { outcome: 'applied', data: found };
  };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Ready lookups for the seed APIs that have a client order id. */
export const lookups = Object.freeze({
  /** Orderly: `GET /v1/client/order/{client_order_id}`; −1006 RESOURCE_NOT_FOUND means absent. */
  orderly: (opts: { path?: (id: string) => string } = {}): VerifyHook =>
    verifyByLookup({
      url: (ctx) => (opts.path ?? ((id) => `/v1/client/order/${encodeURIComponent(id)}`))(ctx.operationId),
      applied: (r) => r.status === 200 && isObj(r.data) && r.data.success === true,
      absent: (r) => isObj(r.data) && r.data.success === false && Number(r.data.code) === -1006,
    }),
  /** ALP: `GET /api/v3/orders?client_order_id=…`; 404 NOT_FOUND / ORDER_NOT_FOUND means absent. */
  alp: (opts: { path?: (id: string) => string } = {}): VerifyHook =>
    verifyByLookup({
      url: (ctx) => (opts.path ?? ((id) => `/api/v3/orders?client_order_id=${encodeURIComponent(id)}`))(ctx.operationId),
      absent: (r) => (r.status === 404 || r.status === 400) && isObj(r.data) && (r.data.code === 'NOT_FOUND' || r.data.code === 'ORDER_NOT_FOUND'),
    }),
});
