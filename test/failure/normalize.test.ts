import { describe, expect, test } from 'vitest';
import { failureFromError, failureFromResponse, retryAfterFromHeaders } from '../../src/index.js';
import { alpDialect, genericDialect, infinexDialect, orderlyDialect } from '../../src/dialects/index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const n = { now: NOW };

describe('retryAfterFromHeaders', () => {
  test.each([
    [{ 'retry-after': '2' }, 2_000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': new Date(NOW + 3_000).toUTCString() }, 3_000],
    [{ 'ratelimit-reset': '4' }, 4_000],
    [{ 'x-ratelimit-reset': String(Math.floor(NOW / 1000) + 5) }, 5_000],
    [{ 'x-ratelimit-reset': String(NOW + 6_000) }, 6_000],
    [{ 'x-ratelimit-reset': '7' }, 7_000],
  ])('%o → %i ms', (headers, ms) => {
    expect(retryAfterFromHeaders(headers, NOW)).toBe(ms);
  });

  test.each([
    [{ 'retry-after': '-1' }],
    [{ 'retry-after': 'soon' }],
    [{ 'retry-after': 'NaN' }],
    [{ 'retry-after': new Date(NOW - 60_000).toUTCString() }],
    [{ 'retry-after': '999999999' }],
    [{}],
  ])('absurd or negative %o is ignored', (headers) => {
    expect(retryAfterFromHeaders(headers, NOW)).toBeUndefined();
  });

  test('huge but plausible values are capped', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '3600' }, NOW)).toBe(300_000);
    expect(retryAfterFromHeaders({ 'retry-after': '3600' }, NOW, 10_000)).toBe(10_000);
  });

  test('Retry-After wins over the reset headers', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '1', 'x-ratelimit-reset': '9' }, NOW)).toBe(1_000);
  });
});

describe('failureFromResponse: bodies of every shape give a well-formed failure', () => {
  const bodies: Array<[string, unknown, RegExp]> = [
    ['HTML from a proxy', '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', /HTML page.*502 Bad Gateway/],
    ['empty string', '', /empty body/],
    ['null', null, /empty body/],
    ['undefined', undefined, /empty body/],
    ['malformed JSON', '{"error": {"code": "INTERNAL', /malformed JSON/],
    ['a plain string', 'Service Unavailable', /unexpected text body: Service Unavailable/],
    ['a number', 42, /unexpected body of type number/],
    ['an array', [1, 2, 3], /HTTP 500/],
    ['a Buffer of JSON', Buffer.from('{"error":{"code":"X","msg":"from buffer"}}'), /from buffer/],
    ['an empty ArrayBuffer', new ArrayBuffer(0), /empty body/],
    ['several MB', `{"error":{"code":"X","msg":"${'a'.repeat(3 * 1024 * 1024)}"}}`, /body of \d+ characters, not parsed/],
  ];
  test.each(bodies)('%s', (_name, data, message) => {
    const f = failureFromResponse(500, { 'content-type': 'text/html' }, data, infinexDialect, n);
    expect(f.kind).toBe('http');
    expect(f.sent).toBe(true);
    expect(f.status).toBe(500);
    expect(f.message).toMatch(message);
    expect(f.message.length).toBeLessThanOrEqual(300);
  });

  test('a string where an object was expected (error: "text")', () => {
    const f = failureFromResponse(400, {}, { error: 'bad thing' }, infinexDialect, n);
    expect(f).toMatchObject({ status: 400, code: undefined, message: 'HTTP 400' });
    const g = failureFromResponse(400, {}, { error: 'bad thing' }, genericDialect, n);
    expect(g.message).toBe('bad thing');
  });

  test('a JSON string body is parsed with the dialect', () => {
    const f = failureFromResponse(400, {}, '{"code":"SERVICE_OVERLOADED","message":"busy"}', alpDialect, n);
    expect(f).toMatchObject({ code: 'SERVICE_OVERLOADED', message: 'busy' });
  });

  test('numeric-string codes become numbers; headers are lower-cased; Retry-After is read', () => {
    const f = failureFromResponse(429, { 'Retry-After': '3', 'X-Other': 'y' }, { success: false, code: '-1003', message: 'slow down' }, orderlyDialect, n);
    expect(f).toMatchObject({ status: 429, code: -1003, retryAfterMs: 3_000, headers: { 'retry-after': '3', 'x-other': 'y' } });
  });
});

describe('failureFromError: transport errors', () => {
  const sys = (code: string, syscall?: string, message = `${syscall ?? 'read'} ${code}`) => ({
    isAxiosError: true,
    code,
    message,
    cause: { code, syscall },
  });
  test.each([
    ['ECONNREFUSED', sys('ECONNREFUSED', 'connect'), 'network', false],
    ['ENOTFOUND', sys('ENOTFOUND', 'getaddrinfo'), 'network', false],
    ['EAI_AGAIN', sys('EAI_AGAIN', 'getaddrinfo'), 'network', false],
    ['EHOSTUNREACH', sys('EHOSTUNREACH', 'connect'), 'network', false],
    ['ENETUNREACH', sys('ENETUNREACH'), 'network', false],
    ['TLS cert failure', sys('CERT_HAS_EXPIRED'), 'network', false],
    ['TLS altname', sys('ERR_TLS_CERT_ALTNAME_INVALID'), 'network', false],
    ['connect timeout (OS)', sys('ETIMEDOUT', 'connect'), 'timeout', false],
    ['ECONNRESET', sys('ECONNRESET', 'read'), 'network', true],
    ['socket hang up', { isAxiosError: true, code: 'ECONNRESET', message: 'socket hang up' }, 'network', true],
    ['EPIPE', sys('EPIPE', 'write'), 'network', true],
    ['axios timeout', { isAxiosError: true, code: 'ECONNABORTED', message: 'timeout of 1000ms exceeded' }, 'timeout', true],
    ['axios clarified timeout', { isAxiosError: true, code: 'ETIMEDOUT', message: 'timeout of 1000ms exceeded' }, 'timeout', true],
    ['cancelled', { name: 'CanceledError', code: 'ERR_CANCELED', message: 'canceled' }, 'cancelled', true],
    ['unknown code', sys('EWHATEVER'), 'network', true],
  ])('%s', (_name, err, kind, sent) => {
    const f = failureFromError(err, genericDialect, n);
    expect(f.kind).toBe(kind);
    expect(f.sent).toBe(sent);
    expect(f.status).toBeUndefined();
  });

  test('something that is not an Error at all', () => {
    const f = failureFromError('boom', genericDialect, n);
    expect(f).toMatchObject({ kind: 'network', sent: true, message: 'boom' });
  });
});
