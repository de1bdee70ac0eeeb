/**
 * Error and success bodies per dialect, as each API documents them (see /work/shared/seeds).
 * Where an API documents no code for a situation, the dialect's body shape is used with the nearest documented
 * code; every such choice is marked `undocumented` below.
 * @module
 */
import { STATUS_CODES } from 'node:http';
import type { DialectName } from './types.js';

/** The situations the simulator answers with an error. */
export type ErrorKind =
  | 'internal'
  | 'unavailable'
  | 'overload'
  | 'rateLimited'
  | 'gatewayTimeout'
  | 'require2fa'
  | 'invalid2fa'
  | 'notFound'
  | 'routeNotFound'
  | 'methodNotAllowed'
  | 'malformedJson'
  | 'badRequest'
  | 'validation'
  | 'duplicate'
  | 'missingSignature'
  | 'invalidSignature';

/** An error answer: HTTP status and JSON body. */
export interface ErrorReply {
  status: number;
  body: unknown;
}

/** Optional details of an error answer. */
export interface ErrorDetail {
  /** Overrides the default message. */
  message?: string;
  /** Per-field validation errors (ALP `VALIDATION_ERROR`). */
  fields?: Record<string, string>;
}

/** How one dialect words its answers. */
export interface DialectSpec {
  /** The dialect. */
  readonly name: DialectName;
  /** The error answer for `kind`. */
  error(kind: ErrorKind, detail?: ErrorDetail): ErrorReply;
  /** Wraps a success payload the way the API does. */
  ok(data: unknown, now: number): unknown;
}

/** `[status, code, message]` per error kind. */
type Table<C> = Record<ErrorKind, readonly [number, C, string]>;

/** Infinex API v2: `{"error":{"code":"...","msg":"..."}}`. Documents 400-409, 500, 504 and 511 statuses. */
const INFINEX: Table<string> = {
  internal: [500, 'INTERNAL_SERVER_ERROR', 'Internal server error'],
  // undocumented: Infinex lists no 503; nearest code chosen.
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'],
  // undocumented: no overload answer; a 503 as the brief asks.
  overload: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily overloaded, try again later'],
  // undocumented: Infinex lists no 429.
  rateLimited: [429, 'TOO_MANY_REQUESTS', 'Too many requests'],
  // documented status, undocumented code.
  gatewayTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
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
  // Infinex has no request signatures; these are never produced for it.
  missingSignature: [403, 'FORBIDDEN', 'Forbidden'],
  invalidSignature: [403, 'FORBIDDEN', 'Forbidden'],
};

/** ALP.COM API v3: `{"code":"SLUG","message":"...","fields":{...}}`. */
const ALP: Table<string> = {
  internal: [500, 'INTERNAL_SERVER_ERROR', 'Unexpected server error'],
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'],
  overload: [400, 'SERVICE_OVERLOADED', 'Service temporarily overloaded, retry later'],
  rateLimited: [429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded'],
  // undocumented: ALP lists no 504 and no slug meaning "outcome unknown"; GATEWAY_TIMEOUT in the slug style.
  gatewayTimeout: [504, 'GATEWAY_TIMEOUT', 'Gateway timeout'],
  // undocumented: ALP documents no 2FA answers; slugs in its style.
  require2fa: [511, 'REQUIRE_2FA', '2FA code has been sent to your e-mail'],
  invalid2fa: [401, 'INVALID_2FA', 'Invalid 2FA code'],
  notFound: [404, 'NOT_FOUND', 'Resource not found'],
  routeNotFound: [404, 'NOT_FOUND', 'Resource not found'],
  // undocumented: no 405 listed; BAD_REQUEST is the nearest slug.
  methodNotAllowed: [405, 'BAD_REQUEST', 'Method not allowed'],
  malformedJson: [400, 'MALFORMED_JSON', 'The request body is not a valid JSON'],
  badRequest: [400, 'BAD_REQUEST', 'Invalid input'],
  validation: [422, 'VALIDATION_ERROR', 'Input data validation failed'],
  duplicate: [400, 'BAD_REQUEST', 'Duplicate request'],
  missingSignature: [403, 'MISSING_SIGNATURE', 'X-SIGN header required but not provided'],
  invalidSignature: [403, 'INVALID_SIGNATURE', 'X-SIGN signature verification failed'],
};

/**
 * Orderly Network: `{"success":false,"code":-1003,"message":"..."}`. The overload code is sent as the string
 * `"-1011"`, as the API sometimes does.
 */
const ORDERLY: Table<number | string> = {
  internal: [500, -1000, 'An unknown error occurred while processing the request.'],
  // undocumented status: -1000 UNKNOWN is the nearest code.
  unavailable: [503, -1000, 'Service temporarily unavailable.'],
  overload: [
    400,
    '-1011',
    'Can not place/cancel orders, it may be because internal network error. Please try again in a few seconds.',
  ],
  rateLimited: [429, -1003, 'Rate limit exceed.'],
  // undocumented status: -1000 UNKNOWN ("an unknown error occurred while processing the request").
  gatewayTimeout: [504, -1000, 'Gateway timeout: the request may or may not have been processed.'],
  // undocumented: Orderly has no 2FA codes; -1002 UNAUTHORIZED is the nearest, the name leads the message.
  require2fa: [511, -1002, 'REQUIRE_2FA: 2FA code has been sent to your e-mail'],
  invalid2fa: [401, -1002, 'INVALID_2FA: invalid 2FA code'],
  notFound: [400, -1006, 'The data is not found in server.'],
  // undocumented: an unknown path; -1000 "The data does not exist" is the nearest.
  routeNotFound: [404, -1000, 'The data does not exist'],
  methodNotAllowed: [405, -1000, 'The data does not exist'],
  malformedJson: [400, -1005, 'Some parameters are in wrong format for api.'],
  badRequest: [400, -1005, 'Some parameters are in wrong format for api.'],
  validation: [400, -1005, 'Some parameters are in wrong format for api.'],
  duplicate: [409, -1007, 'The data is already exists or your request is duplicated.'],
  missingSignature: [401, -1001, 'The api key or secret is in wrong format.'],
  invalidSignature: [401, -1001, 'The api key or secret is in wrong format.'],
};

/** BatchData: `{"status":{"code":<http status>,"text":"<reason>","message":"..."}}`; the code is the HTTP status. */
const BATCHDATA: Record<ErrorKind, readonly [number, string]> = {
  internal: [500, 'There is an error on the server.'],
  unavailable: [503, 'The server is temporarily unavailable, usually due to maintenance or overload.'],
  // undocumented: no overload answer beyond 503.
  overload: [503, 'The server is temporarily unavailable, usually due to maintenance or overload.'],
  rateLimited: [429, 'The request limit has been exceeded. Try again later.'],
  gatewayTimeout: [504, 'The server did not receive a timely response from an upstream server.'],
  // undocumented: BatchData has no 2FA; the status code is the HTTP one, the name leads the message.
  require2fa: [511, 'REQUIRE_2FA: 2FA code has been sent to your e-mail'],
  invalid2fa: [401, 'INVALID_2FA: invalid 2FA code'],
  notFound: [404, 'The data you requested does not exist or cannot be found.'],
  routeNotFound: [404, 'The data you requested does not exist or cannot be found.'],
  methodNotAllowed: [405, 'The HTTP method used is not allowed for this endpoint.'],
  malformedJson: [400, 'The parameter you submitted is not valid. Please recheck request body before submitting the request.'],
  badRequest: [400, 'The parameter you submitted is not valid. Please recheck request body before submitting the request.'],
  validation: [400, 'The parameter you submitted is not valid. Please recheck request body before submitting the request.'],
  duplicate: [400, 'Duplicate request.'],
  missingSignature: [401, 'Invalid token.'],
  invalidSignature: [401, 'Invalid token.'],
};

const infinex: DialectSpec = {
  name: 'infinex',
  error(kind, detail) {
    const [status, code, msg] = INFINEX[kind];
    return { status, body: { error: { code, msg: detail?.message ?? msg } } };
  },
  ok: (data) => ({ success: true, data }),
};

const alp: DialectSpec = {
  name: 'alp',
  error(kind, detail) {
    const [status, code, message] = ALP[kind];
    const body: Record<string, unknown> = { code, message: detail?.message ?? message };
    if (code === 'VALIDATION_ERROR') body['fields'] = detail?.fields ?? {};
    return { status, body };
  },
  ok: (data) => data,
};

const orderly: DialectSpec = {
  name: 'orderly',
  error(kind, detail) {
    const [status, code, message] = ORDERLY[kind];
    return { status, body: { success: false, code, message: detail?.message ?? message } };
  },
  ok: (data, now) => ({ success: true, data, timestamp: now }),
};

const batchdata: DialectSpec = {
  name: 'batchdata',
  error(kind, detail) {
    const [code, message] = BATCHDATA[kind];
    return { status: code, body: { status: { code, text: STATUS_CODES[code] ?? 'Error', message: detail?.message ?? message } } };
  },
  ok: (data) => ({ status: { code: 200, text: 'OK' }, results: data }),
};

/** The dialect specs by name. */
export const DIALECTS: Readonly<Record<DialectName, DialectSpec>> = { infinex, batchdata, alp, orderly };

/** Whether `name` is a {@link DialectName}. */
export function isDialectName(name: unknown): name is DialectName {
  return typeof name === 'string' && Object.hasOwn(DIALECTS, name);
}

/** The nginx-style page sent by the `502-html` fault. */
export const NGINX_502_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * The `malformed` fault's body: the dialect's own 500 body, serialized and cut in half, so it is recognisably the
 * API's JSON but cannot be parsed (e.g. Infinex `{"error":{"code":"INTERNAL_`).
 */
export function malformedBody(spec: DialectSpec): string {
  const full = JSON.stringify(spec.error('internal').body);
  return full.slice(0, Math.floor(full.length / 2));
}
