/**
 * Orderly Network (seed: /work/shared/seeds/004_811c13913c8c7a6d.txt; its code table is shared with WOO X):
 * `{"success":false,"code":-1003,"message":"..."}`. The overload code is sent as the string `"-1011"`, as the API
 * sometimes does.
 * @module
 */
import type { DialectSpec, Table } from './types.js';

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
  backendTimeout: [504, -1000, 'Gateway timeout: the request may or may not have been processed.'],
  // never produced: IP bans are Binance's.
  ipBanned: [429, -1003, 'Rate limit exceed.'],
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
  // Authentication (orderly.network/docs/build-on-omnichain/api-authentication): the three-layer checker refuses
  // an expired timestamp, a missing or unregistered orderly-key, and a signature that does not verify. The docs
  // give no code per layer; the seed table's -1002 UNAUTHORIZED (key or secret invalid, expired) and -1001
  // INVALID_SIGNATURE are the nearest (WOO X, sharing the table, lists a bad timestamp under -1002).
  missingApiKey: [401, -1002, 'API key or secret is invalid, it may be because key have insufficient permission or the key is expired/revoked.'],
  missingSignature: [401, -1002, 'API key or secret is invalid, it may be because key have insufficient permission or the key is expired/revoked.'],
  invalidSignature: [401, -1001, 'The api key or secret is in wrong format.'],
  staleTimestamp: [401, -1002, 'The request timestamp has 300+ seconds difference from the API server time.'],
};

/** The Orderly dialect. */
export const orderly: DialectSpec = {
  name: 'orderly',
  error(kind, detail) {
    const [status, code, message] = ORDERLY[kind];
    return { status: detail?.status ?? status, body: { success: false, code: detail?.code ?? code, message: detail?.message ?? message } };
  },
  ok: (data, now) => ({ success: true, data, timestamp: now }),
};
