/**
 * ALP.COM API v3 (seed: /work/shared/seeds/003_c17949da95eb01d3.txt; reference: ALPCOMDEV/alp-api-docs):
 * `{"code":"SLUG","message":"...","fields":{...}}`, `fields` only with `VALIDATION_ERROR`.
 * @module
 */
import type { DialectSpec, Table } from './types.js';

const ALP: Table<string> = {
  internal: [500, 'INTERNAL_SERVER_ERROR', 'Unexpected server error'],
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'],
  overload: [400, 'SERVICE_OVERLOADED', 'Service temporarily overloaded, retry later'],
  rateLimited: [429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded'],
  // undocumented: ALP lists no 504 and no slug meaning "outcome unknown"; GATEWAY_TIMEOUT in the slug style.
  gatewayTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
  backendTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
  // never produced: IP bans are Binance's.
  ipBanned: [429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded'],
  // undocumented: ALP documents no 2FA answers; slugs in its style.
  require2fa: [511, 'REQUIRE_2FA', '2FA code has been sent to your e-mail'],
  invalid2fa: [401, 'INVALID_2FA', 'Invalid 2FA code'],
  notFound: [404, 'NOT_FOUND', 'Resource not found'],
  routeNotFound: [404, 'NOT_FOUND', 'Resource not found'],
  // undocumented: no 405 slug listed; BAD_REQUEST is the nearest.
  methodNotAllowed: [405, 'BAD_REQUEST', 'Method not allowed'],
  malformedJson: [400, 'MALFORMED_JSON', 'The request body is not a valid JSON'],
  badRequest: [400, 'BAD_REQUEST', 'Invalid input'],
  validation: [422, 'VALIDATION_ERROR', 'Input data validation failed'],
  // undocumented: ALP does not say it refuses a repeated client_order_id; the simulator never answers this.
  duplicate: [400, 'BAD_REQUEST', 'Duplicate request'],
  missingApiKey: [401, 'UNAUTHORIZED', 'Missing or invalid auth'],
  missingSignature: [403, 'MISSING_SIGNATURE', 'X-SIGN header required but not provided'],
  invalidSignature: [403, 'INVALID_SIGNATURE', 'X-SIGN signature verification failed'],
  // never produced: ALP signs no timestamp.
  staleTimestamp: [403, 'INVALID_SIGNATURE', 'X-SIGN signature verification failed'],
};

/** The ALP dialect. */
export const alp: DialectSpec = {
  name: 'alp',
  error(kind, detail) {
    const [status, code, message] = ALP[kind];
    const body: Record<string, unknown> = { code: detail?.code ?? code, message: detail?.message ?? message };
    if (body['code'] === 'VALIDATION_ERROR') body['fields'] = detail?.fields ?? {};
    return { status: detail?.status ?? status, body };
  },
  ok: (data) => data,
};
