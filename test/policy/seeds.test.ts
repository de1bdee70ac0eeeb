/**
 * Every row of every seed table (../shared/seeds/) is a case: the status and code the API documents, sent as
 * that API's error body, classified for a request that is not safe to repeat (POST) and for one that is (GET),
 * with the action the seed's own text implies.
 */
import { describe, expect, test } from 'vitest';
import { classify, profiles, type Action, type Profile } from '../../src/index.js';

interface Row {
  readonly status: number;
  readonly code?: string | number;
  /** Action for an unsafe POST; `safe` overrides it for a GET when they differ. */
  readonly unsafe: Action;
  readonly safe?: Action;
  readonly why: string;
}

function response(status: number, data: unknown, headers: Record<string, string> = {}) {
  return { response: { status, data, headers }, isAxiosError: true, message: `Request failed with status code ${status}` };
}

function check(profile: Profile, rows: readonly Row[], body: (r: Row) => unknown) {
  for (const row of rows) {
    test(`${row.status} ${row.code ?? ''} → POST ${row.unsafe}, GET ${row.safe ?? row.unsafe} (${row.why})`, () => {
      const err = response(row.status, body(row));
      const post = classify(err, { method: 'POST', url: '/orders' }, { profile });
      const get = classify(err, { method: 'GET', url: '/orders' }, { profile });
      expect(post.action).toBe(row.unsafe);
      expect(get.action).toBe(row.safe ?? row.unsafe);
      expect(post.failure.status).toBe(row.status);
      if (row.code !== undefined) expect(post.failure.code).toBe(typeof row.code === 'string' && /^-?\d+$/.test(row.code) ? Number(row.code) : row.code);
      expect(post.reason.length).toBeGreaterThan(10);
    });
  }
}

describe('Infinex API v2 (seeds 000 and 001: same page, two scrapes)', () => {
  const rows: Row[] = [
    { status: 400, code: 'BAD_REQUEST', unsafe: 'fail', why: 'missing or invalid parameters' },
    { status: 401, code: 'UNAUTHORIZED', unsafe: 'fail', why: 'no API key' },
    { status: 403, code: 'FORBIDDEN', unsafe: 'fail', why: 'invalid key or no permission' },
    { status: 404, code: 'NOT_FOUND', unsafe: 'fail', why: 'resource does not exist' },
    { status: 405, code: 'METHOD_NOT_ALLOWED', unsafe: 'fail', why: 'method cannot be used' },
    { status: 406, code: 'NOT_ACCEPTABLE', unsafe: 'fail', why: 'valid but cannot be accepted (balance)' },
    { status: 409, code: 'CONFLICT', unsafe: 'fail', why: 'conflict of unique data' },
    { status: 500, code: 'INTERNAL_SERVER_ERROR', unsafe: 'retry', why: 'try the request again, preferably with some delay' },
    { status: 504, code: 'GATEWAY_TIMEOUT', unsafe: 'verify', safe: 'retry', why: 'execution status unknown: verify after some time' },
    { status: 511, code: 'REQUIRE_2FA', unsafe: 'otp', why: 'repeat with identical parameters and a 2FA code' },
    { status: 401, code: 'INVALID_2FA', unsafe: 'otp', why: 'the 2FA code was refused (server sends 401)' },
    { status: 403, code: 'INVALID_2FA', unsafe: 'otp', why: 'the 2FA code was refused (documented 403)' },
  ];
  check(profiles.infinex, rows, (r) => ({ error: { code: r.code, msg: 'message for display only' } }));

  test('200 OK is success: a 2xx body is never read as an error', () => {
    expect(profiles.infinex.dialect.isErrorBody).toBeUndefined();
  });
});

describe('BatchData (seed 002)', () => {
  const rows: Row[] = [
    { status: 400, unsafe: 'fail', why: 'parameter not valid' },
    { status: 401, unsafe: 'fail', why: 'credentials not valid' },
    { status: 403, unsafe: 'fail', why: 'operation not allowed' },
    { status: 404, unsafe: 'fail', why: 'not found' },
    { status: 405, unsafe: 'fail', why: 'method not allowed' },
    { status: 410, unsafe: 'fail', why: 'endpoint deprecated' },
    { status: 429, unsafe: 'throttle', why: 'request limit exceeded: try again later' },
    { status: 500, unsafe: 'retry', why: 'server error' },
    { status: 502, unsafe: 'verify', safe: 'retry', why: 'bad gateway: upstream may have acted' },
    { status: 503, unsafe: 'retry', why: 'temporarily unavailable' },
    { status: 504, unsafe: 'verify', safe: 'retry', why: 'upstream did not answer in time' },
  ];
  check(profiles.batchdata, rows, (r) => ({ status: { code: r.status, text: 'Text', message: 'Message.' } }));

  test('the body code is read: {status:{code:401,...}}', () => {
    const v = classify(response(401, { status: { code: 401, text: 'Unauthorized', message: 'Invalid token.' } }), { method: 'GET' }, { profile: profiles.batchdata });
    expect(v.failure).toMatchObject({ status: 401, code: 401, message: 'Invalid token.' });
  });

  test('200 OK is success', () => {
    expect(profiles.batchdata.dialect.isErrorBody?.({ status: { code: 200, text: 'OK' } })).toBe(false);
  });
});

describe('ALP.COM API v3 (seed 003)', () => {
  const tiers: Row[] = [
    { status: 400, code: 'BAD_REQUEST', unsafe: 'fail', why: 'invalid input' },
    { status: 400, code: 'MALFORMED_JSON', unsafe: 'fail', why: 'body not JSON' },
    { status: 401, code: 'UNAUTHORIZED', unsafe: 'fail', why: 'missing or invalid auth' },
    { status: 403, code: 'FORBIDDEN', unsafe: 'fail', why: 'missing signature / permissions' },
    { status: 404, code: 'NOT_FOUND', unsafe: 'fail', why: 'not found' },
    { status: 422, code: 'VALIDATION_ERROR', unsafe: 'fail', why: 'validation failed' },
    { status: 429, code: 'TOO_MANY_REQUESTS', unsafe: 'throttle', why: 'rate limit exceeded' },
    { status: 500, code: 'INTERNAL_SERVER_ERROR', unsafe: 'retry', why: 'unexpected server error' },
    { status: 503, code: 'SERVICE_UNAVAILABLE', unsafe: 'retry', why: 'temporarily unavailable' },
  ];
  const business: Row[] = [
    ...['REQUIRED_FIELD', 'INVALID_FORMAT', 'INVALID_QUANTITY', 'INVALID_PRICE', 'INVALID_ORDER_TYPE', 'INVALID_SIDE', 'INVALID_STOP_PRICE', 'INVALID_PAIR',
      'ORDER_NOT_FOUND', 'INVALID_CURRENCY', 'INVALID_PRECISION', 'INVALID_ORDER_SIZE', 'INVALID_ORDER_VALUE', 'INSUFFICIENT_FUNDS']
      .map((code): Row => ({ status: 400, code, unsafe: 'fail', why: 'business rule rejected the request' })),
    { status: 400, code: 'SERVICE_OVERLOADED', unsafe: 'retry', why: 'temporarily overloaded, retry later (on HTTP 400!)' },
    { status: 400, code: 'INTERNAL_ERROR', unsafe: 'verify', safe: 'retry', why: 'internal trading-core error: the order may exist' },
  ];
  const auth: Row[] = [
    { status: 401, code: 'INVALID_SECRET', unsafe: 'fail', why: 'API secret incorrect' },
    { status: 401, code: 'UNAUTHORIZED', unsafe: 'fail', why: 'general authentication failure' },
    { status: 403, code: 'IP_NOT_ALLOWED', unsafe: 'fail', why: 'IP not whitelisted' },
    { status: 403, code: 'FORBIDDEN', unsafe: 'fail', why: 'missing signature or permissions' },
    { status: 403, code: 'MISSING_SIGNATURE', unsafe: 'fail', why: 'X-SIGN required' },
    { status: 403, code: 'INVALID_SIGNATURE', unsafe: 'fail', why: 'X-SIGN verification failed' },
    { status: 404, code: 'NOT_FOUND', unsafe: 'fail', why: 'API key does not exist' },
    { status: 422, code: 'VALIDATION_ERROR', unsafe: 'fail', why: 'missing api_key or api_secret' },
  ];
  const body = (r: Row) => ({ code: r.code, message: 'Human-readable description' });
  describe('error response tiers', () => check(profiles.alp, tiers, body));
  describe('business error slugs (HTTP 400)', () => check(profiles.alp, business, body));
  describe('authentication errors', () => check(profiles.alp, auth, body));

  test('VALIDATION_ERROR keeps the fields map', () => {
    const v = classify(response(422, { code: 'VALIDATION_ERROR', message: 'Input data validation failed', fields: { order_type: 'invalid order_type: FANTASY' } }), { method: 'POST' }, { profile: profiles.alp });
    expect(v.action).toBe('fail');
    expect(v.failure.fields).toEqual({ order_type: 'invalid order_type: FANTASY' });
  });
});

describe('Orderly Network (seed 004)', () => {
  const rows: Row[] = [
    { status: 500, code: -1000, unsafe: 'verify', safe: 'retry', why: 'UNKNOWN error while processing: the order may exist' },
    { status: 401, code: -1001, unsafe: 'fail', why: 'INVALID_SIGNATURE' },
    { status: 401, code: -1002, unsafe: 'fail', why: 'UNAUTHORIZED' },
    { status: 429, code: -1003, unsafe: 'throttle', why: 'TOO_MANY_REQUEST' },
    { status: 400, code: -1004, unsafe: 'fail', why: 'UNKNOWN_PARAM' },
    { status: 400, code: -1005, unsafe: 'fail', why: 'INVALID_PARAM' },
    { status: 400, code: -1006, unsafe: 'fail', why: 'RESOURCE_NOT_FOUND' },
    { status: 409, code: -1007, unsafe: 'fail', why: 'DUPLICATE_REQUEST on a first send: the caller reused an id' },
    { status: 400, code: -1008, unsafe: 'fail', why: 'QUANTITY_TOO_HIGH' },
    { status: 400, code: -1009, unsafe: 'fail', why: 'CAN_NOT_WITHDRAWAL' },
    { status: 400, code: -1011, unsafe: 'retry', why: 'RPC_NOT_CONNECT: try again in a few seconds' },
    { status: 400, code: '-1011', unsafe: 'retry', why: 'RPC_NOT_CONNECT with the code as a string' },
    { status: 400, code: -1012, unsafe: 'retry', why: 'RPC_REJECT: try again in a few seconds' },
    { status: 400, code: -1101, unsafe: 'fail', why: 'RISK_TOO_HIGH' },
    { status: 400, code: -1102, unsafe: 'fail', why: 'MIN_NOTIONAL' },
    { status: 400, code: -1103, unsafe: 'fail', why: 'PRICE_FILTER' },
    { status: 400, code: -1104, unsafe: 'fail', why: 'SIZE_FILTER' },
    { status: 400, code: -1105, unsafe: 'fail', why: 'PERCENTAGE_FILTER' },
    { status: 400, code: -1201, unsafe: 'fail', why: 'LIQUIDATION_REQUEST_RATIO_TOO_SMALL' },
    { status: 400, code: -1202, unsafe: 'fail', why: 'LIQUIDATION_STATUS_ERROR' },
  ];
  check(profiles.orderly, rows, (r) => ({ success: false, code: r.code, message: 'message' }));

  test('"-1011" (a string) becomes -1011', () => {
    const v = classify(response(400, { success: false, code: '-1011', message: 'x' }), { method: 'POST' }, { profile: profiles.orderly });
    expect(v.failure.code).toBe(-1011);
  });

  test('a 200 with success:false is a failure', () => {
    expect(profiles.orderly.dialect.isErrorBody?.({ success: false, code: -1005, message: 'x' })).toBe(true);
    expect(profiles.orderly.dialect.isErrorBody?.({ success: true, data: {} })).toBe(false);
    const v = classify({ status: 200, headers: {}, data: { success: false, code: -1012, message: 'RPC_REJECT' } }, { method: 'POST' }, { profile: profiles.orderly });
    expect(v.action).toBe('retry');
  });

  test('−1007 after a resend means the first send landed: verify (rule matches resent requests only)', () => {
    const rule = profiles.orderly.rules.find((r) => typeof r === 'object' && r.code === -1007);
    expect(rule).toMatchObject({ resent: true, action: 'verify' });
  });

  test('codes are per API: Orderly −1007 is not Binance −1007 (no shared code map)', () => {
    const v = classify(response(409, { success: false, code: -1007, message: 'dup' }), { method: 'POST' }, { profile: profiles.generic });
    expect(v.action).toBe('fail');
  });
});
