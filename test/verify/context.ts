/** A verify context for calling lookups directly (no executor), on nock's BASE or a simulator. */
import axios from 'axios';
import type { Failure, RequestSummary, VerifyContext } from '../../src/index.js';
import { BASE } from '../helpers/nock.js';

/** A 504 failure; each call is a new object, i.e. a new verify round. */
export const failure = (): Failure => Object.freeze({ kind: 'http', sent: true, status: 504, message: 'Gateway timeout' });

/** A context for check `check` of `failure`. */
export function context(o: { operationId?: string; request?: RequestSummary; failure: Failure; check: number; elapsedMs: number; baseURL?: string }): VerifyContext {
  return {
    operationId: o.operationId ?? 'op-1',
    request: o.request ?? { method: 'POST', url: '/order', data: {} },
    failure: o.failure,
    check: o.check,
    elapsedMs: o.elapsedMs,
    signal: new AbortController().signal,
    http: axios.create({ baseURL: o.baseURL ?? BASE }),
  };
}
