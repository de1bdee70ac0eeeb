/**
 * What the simulator sends back, and the answers of the faults that do not apply the effect.
 * @module
 */
import { malformedBody, NGINX_502_HTML, type DialectSpec, type ErrorDetail, type ErrorKind } from './dialects/index.js';
import type { FaultName } from './types.js';

/** What to send back. `headers` are added to the response (e.g. Binance's used weight). */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; retryAfterSec?: number | undefined; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; text: string; headers: Record<string, string> }
  | { kind: 'reset' };

/** The dialect's error answer as a reply. */
export function errorReply(spec: DialectSpec, kind: ErrorKind, detail?: ErrorDetail, retryAfterSec?: number): Reply {
  return { kind: 'json', ...spec.error(kind, detail), ...(retryAfterSec === undefined ? {} : { retryAfterSec }) };
}

/**
 * The answer of `fault` (for the faults that apply the effect first, the answer sent after applying it).
 * `timeoutStatus` is the HTTP status of the backend-timeout answer (Binance −1007).
 */
export function faultReply(spec: DialectSpec, fault: FaultName, retryAfterSec: number | undefined, timeoutStatus: number): Reply {
  switch (fault) {
    case '500':
      return errorReply(spec, 'internal');
    case '503':
      return errorReply(spec, 'unavailable');
    case 'overload':
      return errorReply(spec, 'overload');
    case '429':
      return errorReply(spec, 'rateLimited', undefined, retryAfterSec ?? 1);
    case '429-no-retry-after':
      return errorReply(spec, 'rateLimited');
    case '502-html':
      return { kind: 'raw', status: 502, text: NGINX_502_HTML, headers: { 'content-type': 'text/html', server: 'nginx' } };
    case '504-before':
    case '504-after':
      return errorReply(spec, 'gatewayTimeout');
    case 'timeout-before':
    case 'timeout-after':
      return errorReply(spec, 'backendTimeout', spec.name === 'binance' ? { status: timeoutStatus } : undefined);
    case 'reset-before':
    case 'reset-after':
      return { kind: 'reset' };
    case 'malformed':
      return { kind: 'raw', status: 500, text: malformedBody(spec), headers: { 'content-type': 'application/json; charset=utf-8' } };
    case 'empty':
      return { kind: 'raw', status: 503, text: '', headers: {} };
    case '511':
      return errorReply(spec, 'require2fa');
    case 'slow':
      // Never sent as such: 'slow' answers normally, late.
      return errorReply(spec, 'internal');
  }
}
