/** The pure parts: where a request goes (scrubbed), url templates, error types, span names. */
import { describe, expect, test } from 'vitest';
import { errorClass, failureType, methodAttr, spanName, targetOf } from '../../src/telemetry/attributes.js';
import { compileRoutes } from '../../src/telemetry/routes.js';
import { IndeterminateError } from '../../src/index.js';

describe('targetOf', () => {
  test('userinfo and every query value (URL and params) are replaced; host, port and path kept', () => {
    const t = targetOf('/v1/order?signature=abc&symbol=BTC', 'https://key:secret@api.example.com/', { timestamp: 1, sign: 'x' });
    expect(t).toEqual({
      address: 'api.example.com',
      port: 443,
      path: '/v1/order',
      full: 'https://REDACTED:REDACTED@api.example.com/v1/order?signature=REDACTED&symbol=REDACTED&timestamp=REDACTED&sign=REDACTED',
    });
  });

  test('an absolute url wins over baseURL; default and explicit ports; a base path is kept', () => {
    expect(targetOf('http://10.0.0.1/x', 'https://other.example', undefined)).toMatchObject({ address: '10.0.0.1', port: 80, path: '/x' });
    expect(targetOf('orders', 'http://127.0.0.1:8080/api/v3/', undefined)).toMatchObject({ address: '127.0.0.1', port: 8080, path: '/api/v3/orders' });
    expect(targetOf('/x', 'http://[::1]:9/', undefined)).toMatchObject({ address: '::1', port: 9 });
    expect(targetOf('/x', undefined, new URLSearchParams('a=1'))).toEqual({ path: '/x' });
    expect(targetOf('/x?token=t', undefined, undefined)).toEqual({ path: '/x' });
  });
});

describe('compileRoutes', () => {
  const match = compileRoutes(['/v1/order', '/v1/client/order/{client_order_id}', '/v1/{anything}/order']);
  test.each([
    ['/v1/order', '/v1/order'],
    ['/v1/order/', '/v1/order'],
    ['/v1/client/order/o-1', '/v1/client/order/{client_order_id}'],
    ['/v1/client/order', '/v1/{anything}/order'], // not the {client_order_id} one: a segment short
    ['/v1/client/orders', undefined],
    ['/v1/client/order/a/b', undefined],
    ['/v1/client/order//', undefined],
    ['/v2/order', undefined],
    ['/v1/x/order', '/v1/{anything}/order'],
  ])('%s → %s', (path, template) => expect(match(path)).toBe(template));
  test('no templates: nothing matches', () => expect(compileRoutes([])('/v1/order')).toBeUndefined());
});

describe('names and types', () => {
  test('methods: known ones upper-cased, others _OTHER named HTTP', () => {
    expect(methodAttr('post')).toBe('POST');
    expect(methodAttr('PURGE')).toBe('_OTHER');
    expect(spanName('POST', '/v1/order')).toBe('POST /v1/order');
    expect(spanName('_OTHER', undefined)).toBe('HTTP');
  });

  test('error.type: the status when the server answered with an error, else the API code or the transport code', () => {
    expect(failureType({ kind: 'http', sent: true, status: 429, code: -1003, message: '' })).toBe('429');
    expect(failureType({ kind: 'http', sent: true, status: 200, code: 'SERVICE_OVERLOADED', message: '' })).toBe('SERVICE_OVERLOADED');
    expect(failureType({ kind: 'network', sent: false, errorCode: 'ECONNREFUSED', message: '' })).toBe('ECONNREFUSED');
    expect(failureType({ kind: 'timeout', sent: true, message: '' })).toBe('timeout');
    expect(failureType({ kind: 'http', sent: true, status: 200, code: 'free text with spaces', message: '' })).toBe('_OTHER');
  });

  test('error class: the name of an error, _OTHER for anything else', () => {
    expect(errorClass(new IndeterminateError('m', { operationId: 'o', request: { method: 'POST', url: '/' }, attempts: [], failure: undefined, checks: [] }))).toBe('IndeterminateError');
    expect(errorClass(new DOMException('aborted', 'AbortError'))).toBe('AbortError');
    expect(errorClass('a string')).toBe('_OTHER');
    expect(errorClass(Object.assign(new Error('x'), { name: 'has spaces: and a secret' }))).toBe('_OTHER');
  });
});
