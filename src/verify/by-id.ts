/**
 * `verifyByLookup`: fetch the operation by its id. `applied` is final at once; a not-found is `absent` only when
 * the API documents it as authoritative (the `absent` predicate says which answer that is), only after the settle
 * time since the ambiguous failure, and only while the API still keeps orders as old as this request
 * (`maxAgeMs`). Anything else (a 5xx, a timeout, an HTML page, a not-found too early) is `unknown`.
 * @module
 */
import type { AxiosResponse } from 'axios';
import type { VerifyContext, VerifyHook, VerifyResult } from '../executor/options.js';
import { systemClock } from '../time.js';
import { lookupGet } from './http.js';
import { checkCommon, fnOption, type LookupRequestOptions, msOption, type ProofOptions, VERIFY_DEFAULTS } from './options.js';
import { sinceFailure } from './settle.js';

/** Options of `verifyByLookup`. */
export interface LookupOptions extends ProofOptions, LookupRequestOptions {
  /**
   * The lookup URL for this operation.
   * @example (ctx) => `/v1/client/order/${encodeURIComponent(ctx.operationId)}`
   */
  readonly url: (ctx: VerifyContext) => string;
  /** Query parameters of the lookup. */
  readonly params?: (ctx: VerifyContext) => Record<string, unknown>;
  /** True when the response shows the operation applied. @default a 2xx status */
  readonly applied?: (res: AxiosResponse) => boolean;
  /**
   * True when the response is the API's documented, authoritative "no such order". Only such an answer can become
   * `absent`, and only after `settleMs`.
   * @default status 404
   */
  readonly absent?: (res: AxiosResponse) => boolean;
  /** The data handed to the caller when applied. @default res.data */
  readonly data?: (res: AxiosResponse) => unknown;
  /**
   * How long the API keeps an order it can answer about, in ms: a not-found about a request older than this is
   * `unknown` (e.g. OKX drops canceled orders without fills after 2 hours). @default no limit
   */
  readonly maxAgeMs?: number;
}

const OWNER = 'verifyByLookup';

/** A verify hook that fetches the operation by id. */
export function verifyByLookup(opts: LookupOptions): VerifyHook {
  checkCommon(OWNER, opts);
  if (typeof opts.url !== 'function') throw new TypeError(`${OWNER}: url must be a function of the verify context, got ${typeof opts.url}`);
  for (const name of ['params', 'applied', 'absent', 'data'] as const) fnOption(OWNER, name, opts[name]);
  const settleMs = msOption(OWNER, 'settleMs', opts.settleMs, VERIFY_DEFAULTS.settleMs);
  const maxAgeMs = msOption(OWNER, 'maxAgeMs', opts.maxAgeMs, Number.POSITIVE_INFINITY);
  const clock = opts.clock ?? systemClock;
  const applied = opts.applied ?? ((r) => r.status >= 200 && r.status < 300);
  const absent = opts.absent ?? ((r) => r.status === 404);
  return async (ctx): Promise<VerifyResult> => {
    const now = clock.now();
    const since = sinceFailure(ctx, now);
    const res = await lookupGet(ctx, opts, opts.url(ctx), opts.params?.(ctx));
    if (absent(res)) {
      const settled = since >= settleMs;
      const kept = !(ctx.elapsedMs > maxAgeMs);
      if (settled && kept) return { outcome: 'absent' };
      return kept ? { outcome: 'unknown', checkAgainInMs: settleMs - since } : { outcome: 'unknown' };
    }
    if (applied(res)) return { outcome: 'applied', data: opts.data ? opts.data(res) : res.data };
    return { outcome: 'unknown' };
  };
}
