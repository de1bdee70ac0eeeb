/**
 * Reading hostile bodies: every dialect, every shape, never a throw; a body that cannot be read is a failure of its
 * own (bodyIssue), its status kept for classification; what is kept is bounded.
 */
import { describe, expect, test } from 'vitest';
import { alpDialect, batchdataDialect, failureFromError, failureFromResponse, genericDialect, infinexDialect, orderlyDialect } from '../../src/index.js';
import { readBody } from '../../src/failure/body.js';
import { isErrorBody } from '../../src/failure/normalize.js';
import type { BodyIssue } from '../../src/failure/types.js';

const n = { now: Date.UTC(2026, 0, 1) };
const dialects = [infinexDialect, batchdataDialect, alpDialect, orderlyDialect, genericDialect];
const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } });
const deep = (d: number, leaf = '1') => `${'{"a":'.repeat(d)}${leaf}${'}'.repeat(d)}`;

describe('readBody tells what a body was', () => {
  test.each<[string, unknown, BodyIssue | 'json']>([
    ['empty', '', 'empty'],
    ['white space', ' \n\t ', 'empty'],
    ['HTML', '<html><title>502</title></html>', 'html'],
    ['text', 'Service Unavailable', 'text'],
    ['broken JSON', '{"a":', 'malformed'],
    ['2 MiB string', 'x'.repeat(2 << 20), 'too-large'],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0x80]), 'binary'],
    ['JSON with a stray byte', Buffer.concat([Buffer.from('{"code":"X","m":"'), Buffer.from([0xff]), Buffer.from('"}')]), 'json'],
    ['100,000-level JSON text', deep(100_000), 'json'],
    ['a stream', { pipe: () => undefined }, 'unreadable'],
    ['a number', 42, 'text'],
    ['a symbol', Symbol('s'), 'text'],
  ])('%s', (_n, data, issue) => {
    const r = readBody(data);
    if (issue === 'json') expect(r.json).toBeDefined();
    else expect(r.issue).toBe(issue);
  });
});

describe('failureFromResponse never throws, whatever the body', () => {
  const bodies: Array<[string, unknown]> = [
    ['10,000-level fields', `{"code":"VALIDATION_ERROR","message":"m","fields":{"x":${deep(10_000)}},"error":{"code":"E","fields":{"y":${deep(10_000)}}}}`],
    ['10,000-level error object', `{"error":${deep(10_000)},"status":${deep(10_000)},"errors":[${deep(10_000)}]}`],
    ['huge fields map', JSON.stringify({ code: 'VALIDATION_ERROR', fields: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 'bad'])) })],
    ['a 1 MB message', JSON.stringify({ code: 'X', message: 'm'.repeat(1_000_000), error: { code: 'X', msg: 'm'.repeat(1_000_000) } })],
    ['a 1 MB code', JSON.stringify({ code: 'C'.repeat(1_000_000), success: false, status: { code: 'C'.repeat(1_000_000) } })],
    ['NUL and control characters', JSON.stringify({ code: 'X\u0000', message: 'a\u0000b\u001b[31mred\u202Eevil', error: { code: 'X', msg: '\u0000' } })],
    ['wrong types', JSON.stringify({ code: { a: 1 }, message: [1], fields: 'x', error: 5, errors: 'x', status: [], success: 'false', msg: {} })],
    ['prototype keys', '{"__proto__":{"code":"P","message":"polluted"},"constructor":{"prototype":{"code":"Q"}},"fields":{"__proto__":"x","toString":"y"}}'],
    ['a trap object', trap],
    ['a cyclic object', (() => { const o: Record<string, unknown> = { code: 'X', message: 'm' }; o.fields = { self: o }; o.error = o; return o; })()],
    ['BigInt and functions', { code: 10n, message: () => 'x', fields: { a: 10n, b: () => 1, c: Symbol('s') } }],
  ];
  for (const d of dialects) {
    test.each(bodies)(`${d.name}: %s`, (_name, data) => {
      for (const status of [200, 400, 429, 500, 504]) {
        const f = failureFromResponse(status, { 'set-cookie': 'session=abc', 'retry-after': '1' }, data, d, n);
        expect(f).toMatchObject({ kind: 'http', sent: true, status, retryAfterMs: 1_000 });
        expect(f.headers?.['set-cookie']).toBe('[redacted]');
        expect(f.message.length).toBeLessThanOrEqual(300);
        expect(f.message).not.toMatch(/[\u0000-\u0008\u001b\u202e]/);
        expect(typeof f.code === 'string' ? f.code.length : 0).toBeLessThanOrEqual(200);
        expect(Object.keys(f.fields ?? {}).length).toBeLessThanOrEqual(51);
        for (const v of Object.values(f.fields ?? {})) expect(v.length).toBeLessThanOrEqual(320);
        expect(Object.getPrototypeOf(f.fields ?? {})).toBe(Object.prototype);
        expect(JSON.stringify(f).length).toBeLessThan(20_000);
        expect(() => isErrorBody(d, data)).not.toThrow();
      }
    });
  }

  test('a deep `fields` value keeps a bounded, marked JSON text', () => {
    const f = failureFromResponse(400, {}, `{"code":"VALIDATION_ERROR","message":"m","fields":{"amount":${deep(10_000)}}}`, alpDialect, n);
    expect(f.fields?.amount).toMatch(/^\{"a":\{"a":.*\[cut: nested deeper than 8 levels\]/);
  });

  test('too many fields are cut, the cut marked under "…"', () => {
    const f = failureFromResponse(400, {}, { code: 'VALIDATION_ERROR', fields: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, 'bad'])) }, alpDialect, n);
    expect(f.fields?.['…']).toBe('[cut: 10 more fields]');
  });

  test('a body that is JSON but not the profile\'s error shape is `unrecognized`, and keeps its status', () => {
    expect(failureFromResponse(504, {}, { foo: 1 }, infinexDialect, n)).toMatchObject({ status: 504, message: 'HTTP 504', bodyIssue: 'unrecognized' });
    expect(failureFromResponse(400, {}, { error: { code: 'X', msg: 'm' } }, infinexDialect, n).bodyIssue).toBeUndefined();
  });

  test('the secrets of the send are scrubbed from message, code and fields; a function is called only on failure', () => {
    const f = failureFromResponse(401, {}, { code: 'BAD_123456', message: 'code 123456 refused for key AKIA-SECRET-1', fields: { code2FA: '123456 is wrong' } }, alpDialect, {
      ...n,
      secrets: () => ['AKIA-SECRET-1', '123456'],
    });
    expect(JSON.stringify(f)).not.toMatch(/123456|AKIA-SECRET-1/);
    const t = failureFromError({ isAxiosError: true, code: 'ECONNRESET', message: 'reset by https://u:pw-1234@h.test' }, genericDialect, { ...n, secrets: ['pw-1234'] });
    expect(t.message).toBe('ECONNRESET: reset by https://[redacted]@h.test');
  });

  test('failureFromError on anything at all', () => {
    for (const e of [trap, Object.create(null), Symbol('s'), { response: trap }, { message: trap }, null, undefined]) {
      expect(failureFromError(e, genericDialect, n)).toMatchObject({ sent: true });
    }
  });
});
