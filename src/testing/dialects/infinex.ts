/**
 * Infinex API v2 (seed: /work/shared/seeds/000_a4842da32db987fc.txt): `{"error":{"code":"...","msg":"..."}}`.
 * Documents 400-409, 500, 504 and 511 statuses; every other row is marked `undocumented`.
 * @module
 */
import type { DialectSpec, Table } from './types.js';

const INFINEX: Table<string> = {
  internal: [500, 'INTERNAL_SERVER_ERROR', 'Internal server error'],
  // undocumented: Infinex lists no 503; nearest code chosen.
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'],
  // undocumented: no overload answer; a 503.
  overload: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily overloaded, try again later'],
  // undocumented: Infinex lists no 429.
  rateLimited: [429, 'TOO_MANY_REQUESTS', 'Too many requests'],
  // documented status, undocumented code.
  gatewayTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
  // undocumented: no "execution status unknown" code; the 504.
  backendTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
  // never produced: IP bans are Binance's.
  ipBanned: [429, 'TOO_MANY_REQUESTS', 'Too many requests'],
  require2fa: [511, 'REQUIRE_2FA', '2FA code has been sent to your e-mail'],
  // The docs say 403; the real server answers 401, which the simulator imitates.
  invalid2fa: [401, 'INVALID_2FA', 'Invalid 2FA code'],
  notFound: [404, 'NOT_FOUND', 'Resource does not exist'],
  routeNotFound: [404, 'NOT_FOUND', 'Resource does not exist'],
  methodNotAllowed: [405, 'METHOD_NOT_ALLOWED', 'Method not allowed'],
  malformedJson: [400, 'BAD_REQUEST', 'Request body is not valid JSON'],
  badRequest: [400, 'BAD_REQUEST', 'Missing or invalid request parameters'],
  validation: [400, 'BAD_REQUEST', 'Missing or invalid request parameters'],
  duplicate: [409, 'CONFLICT', 'Conflict'],
  // Infinex has static bearer keys and no request signatures; these are never produced for it.
  missingApiKey: [401, 'UNAUTHORIZED', 'Unauthorized'],
  missingSignature: [403, 'FORBIDDEN', 'Forbidden'],
  invalidSignature: [403, 'FORBIDDEN', 'Forbidden'],
  staleTimestamp: [403, 'FORBIDDEN', 'Forbidden'],
};

/** The Infinex dialect. */
export const infinex: DialectSpec = {
  name: 'infinex',
  error(kind, detail) {
    const [status, code, msg] = INFINEX[kind];
    return { status: detail?.status ?? status, body: { error: { code: detail?.code ?? code, msg: detail?.message ?? msg } } };
  },
  ok: (data) => ({ success: true, data }),
};
