/**
 * What a failed send says about the API's health, read from the classified verdict (every profile's dialect
 * and rules), not from the status alone.
 */
import { describe, expect, test } from 'vitest';
import { breakerOutcome, classify, profiles, type BreakerOutcome, type Profile } from '../../src/index.js';

function response(status: number, data: unknown, headers: Record<string, string> = {}) {
  return { response: { status, data, headers }, isAxiosError: true, message: `Request failed with status code ${status}` };
}

function transport(code: string, message = code) {
  return { code, isAxiosError: true, message, request: {} };
}

type Row = readonly [string, Profile, unknown, 'GET' | 'POST', BreakerOutcome];

const rows: readonly Row[] = [
  // outages
  ['500 Infinex', profiles.infinex, response(500, { error: { code: 'INTERNAL_SERVER_ERROR', msg: 'x' } }), 'GET', 'failure'],
  ['503 generic', profiles.generic, response(503, 'Service Unavailable'), 'GET', 'failure'],
  ['502 nginx page on a POST (verify)', profiles.generic, response(502, '<html>bad gateway</html>'), 'POST', 'failure'],
  ['504 on a POST (verify: still an outage signal)', profiles.infinex, response(504, { error: { code: 'GATEWAY_TIMEOUT', msg: 'x' } }), 'POST', 'failure'],
  ['ALP SERVICE_OVERLOADED on HTTP 400', profiles.alp, response(400, { code: 'SERVICE_OVERLOADED', message: 'x' }), 'POST', 'failure'],
  ['ALP SERVICE_UNAVAILABLE on HTTP 400', profiles.alp, response(400, { code: 'SERVICE_UNAVAILABLE', message: 'x' }), 'GET', 'failure'],
  ['Orderly −1011 RPC_NOT_CONNECT on HTTP 400', profiles.orderly, response(400, { success: false, code: -1011, message: 'x' }), 'POST', 'failure'],
  ['ECONNREFUSED', profiles.generic, transport('ECONNREFUSED'), 'POST', 'failure'],
  ['ECONNRESET on a GET', profiles.generic, transport('ECONNRESET'), 'GET', 'failure'],
  ['timeout on a POST', profiles.generic, transport('ECONNABORTED', 'timeout of 100ms exceeded'), 'POST', 'failure'],
  // the caller's fault: the server is up
  ['400 validation (ALP)', profiles.alp, response(400, { code: 'VALIDATION_ERROR', message: 'x', fields: { price: 'bad' } }), 'POST', 'success'],
  ['401', profiles.infinex, response(401, { error: { code: 'UNAUTHORIZED', msg: 'x' } }), 'GET', 'success'],
  ['403', profiles.infinex, response(403, { error: { code: 'FORBIDDEN', msg: 'x' } }), 'GET', 'success'],
  ['404', profiles.generic, response(404, 'not found'), 'GET', 'success'],
  ['410', profiles.generic, response(410, 'gone'), 'GET', 'success'],
  ['422 (ALP validation)', profiles.alp, response(422, { code: 'VALIDATION_ERROR', message: 'x' }), 'POST', 'success'],
  ['Orderly −1202 business error on HTTP 400', profiles.orderly, response(400, { success: false, code: -1202, message: 'x' }), 'POST', 'success'],
  ['501 Not Implemented', profiles.generic, response(501, 'no'), 'GET', 'success'],
  // 2FA: the server asks for a code
  ['511 REQUIRE_2FA', profiles.infinex, response(511, { error: { code: 'REQUIRE_2FA', msg: 'x' } }), 'POST', 'success'],
  ['401 INVALID_2FA', profiles.infinex, response(401, { error: { code: 'INVALID_2FA', msg: 'x' } }), 'POST', 'success'],
  // throttling: the limiter's business
  ['429 with Retry-After', profiles.generic, response(429, 'slow down', { 'retry-after': '1' }), 'GET', 'ignore'],
  ['ALP TOO_MANY_REQUESTS on HTTP 400', profiles.alp, response(400, { code: 'TOO_MANY_REQUESTS', message: 'x' }), 'GET', 'ignore'],
  ['Orderly −1003 on HTTP 400', profiles.orderly, response(400, { success: false, code: -1003, message: 'x' }), 'GET', 'ignore'],
  // says nothing
  ['cancelled', profiles.generic, { code: 'ERR_CANCELED', name: 'CanceledError', isAxiosError: true, message: 'canceled', __CANCEL__: true }, 'GET', 'ignore'],
  ['Orderly −1007 DUPLICATE_REQUEST on a first send (fail: the server is up)', profiles.orderly, response(400, { success: false, code: -1007, message: 'x' }), 'POST', 'success'],
];

describe('breakerOutcome', () => {
  test.each(rows)('%s → %s', (_name, profile, error, method, expected) => {
    const v = classify(error, { method, url: '/orders' }, { profile });
    expect(breakerOutcome(v)).toBe(expected);
  });

  test('an ambiguous 4xx the policy sends to verify says nothing either way', () => {
    const v = classify(response(400, { success: false, code: -1000, message: 'unknown' }), { method: 'POST', url: '/orders' }, { profile: profiles.orderly });
    expect(v.action).toBe('verify');
    expect(breakerOutcome(v)).toBe('ignore');
  });
});
