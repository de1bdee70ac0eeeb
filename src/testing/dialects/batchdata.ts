/**
 * BatchData (seed: /work/shared/seeds/002_e9a3e15a8d618f28.txt):
 * `{"status":{"code":<http status>,"text":"<reason>","message":"..."}}`; the code is the HTTP status.
 * @module
 */
import { STATUS_CODES } from 'node:http';
import type { DialectSpec, ErrorKind } from './types.js';

const BATCHDATA: Readonly<Record<ErrorKind, readonly [number, string]>> = {
  internal: [500, 'There is an error on the server.'],
  unavailable: [503, 'The server is temporarily unavailable, usually due to maintenance or overload.'],
  // undocumented: no overload answer beyond 503.
  overload: [503, 'The server is temporarily unavailable, usually due to maintenance or overload.'],
  rateLimited: [429, 'The request limit has been exceeded. Try again later.'],
  gatewayTimeout: [504, 'The server did not receive a timely response from an upstream server.'],
  // undocumented: no "execution status unknown" answer beyond the 504.
  backendTimeout: [504, 'The server did not receive a timely response from an upstream server.'],
  // never produced: IP bans are Binance's.
  ipBanned: [429, 'The request limit has been exceeded. Try again later.'],
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
  // BatchData has a static bearer token and no request signatures; these are never produced for it.
  missingApiKey: [401, 'Invalid token.'],
  missingSignature: [401, 'Invalid token.'],
  invalidSignature: [401, 'Invalid token.'],
  staleTimestamp: [401, 'Invalid token.'],
};

/** The BatchData dialect. */
export const batchdata: DialectSpec = {
  name: 'batchdata',
  error(kind, detail) {
    const [defaultStatus, message] = BATCHDATA[kind];
    const code = detail?.status ?? defaultStatus;
    return { status: code, body: { status: { code, text: STATUS_CODES[code] ?? 'Error', message: detail?.message ?? message } } };
  },
  ok: (data) => ({ status: { code: 200, text: 'OK' }, results: data }),
};
