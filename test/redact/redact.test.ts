import { describe, expect, test } from 'vitest';
import { CUT_KEY } from '../../src/bounded.js';
import { redactData } from '../../src/redact-body.js';
import { redactUrl, userinfoSecrets } from '../../src/redact-url.js';
import { headerSecrets, isAccountHeader, isSecretField, isSecretHeader, redactHeaders, REDACTED, scrub } from '../../src/redact.js';

const S = 'SENTINEL-9f8e7d';

describe('credential header names: one list', () => {
  test.each([
    'Authorization', 'Proxy-Authorization', 'Cookie', 'Set-Cookie', 'X-API-KEY', 'api-key', 'apikey',
    'OK-ACCESS-KEY', 'OK-ACCESS-SIGN', 'OK-ACCESS-PASSPHRASE', 'KEY', 'SIGN', 'X-MBX-APIKEY', 'X-BAPI-API-KEY',
    'X-BAPI-SIGN', 'orderly-key', 'orderly-signature', 'X-SIGN', 'X-Auth-Token', 'X-2FA', 'X-OTP', 'X-Session-Id',
    'X-Secret', 'X-Password',
  ])('%s is secret', (name) => {
    expect(isSecretHeader(name)).toBe(true);
    expect(isSecretHeader(name.toLowerCase())).toBe(true);
  });

  test.each([
    'Content-Type', 'Accept', 'User-Agent', 'Content-Length', 'Keep-Alive', 'X-Request-Id', 'OK-ACCESS-TIMESTAMP',
    'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'orderly-timestamp', 'orderly-account-id', 'Retry-After',
    'RateLimit-Policy', 'X-RateLimit-Reset', 'Idempotency-Key', 'X-Idempotency-Key',
  ])('%s is kept', (name) => {
    expect(isSecretHeader(name)).toBe(false);
  });

  test('account headers (the limiter key hashes them) are API keys and tokens, never signatures or codes', () => {
    for (const h of ['Authorization', 'X-API-KEY', 'OK-ACCESS-KEY', 'KEY', 'X-MBX-APIKEY', 'X-BAPI-API-KEY', 'orderly-key', 'access-key']) {
      expect(isAccountHeader(h), h).toBe(true);
    }
    for (const h of ['SIGN', 'OK-ACCESS-SIGN', 'orderly-signature', 'X-2FA', 'Idempotency-Key', 'Content-Type', 'Cookie', 'OK-ACCESS-TIMESTAMP']) {
      expect(isAccountHeader(h), h).toBe(false);
    }
  });

  test('field names', () => {
    for (const f of ['api_key', 'apiKey', 'secret', 'api_secret', 'signature', 'sign', 'token', 'access_token', 'code2FA', 'otp', 'password', 'passphrase', 'key', 'private_key']) {
      expect(isSecretField(f), f).toBe(true);
    }
    for (const f of ['client_order_id', 'amount', 'symbol', 'author', 'timestamp', 'recvWindow', 'memo', 'order_key']) {
      expect(isSecretField(f), f).toBe(false);
    }
  });

  test('redactHeaders: AxiosHeaders or plain, values cut at 1 KiB, too many headers cut', () => {
    const h = redactHeaders({ 'OK-ACCESS-KEY': S, 'Content-Type': 'application/json', 'X-Long': 'x'.repeat(5_000), n: 5 });
    expect(h).toMatchObject({ 'OK-ACCESS-KEY': REDACTED, 'Content-Type': 'application/json', n: '5' });
    expect(h['X-Long']!.length).toBeLessThan(1_100);
    expect(h['X-Long']).toMatch(/\[cut: 5000 characters in all\]$/);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`h${i}`, 'v']));
    expect(Object.keys(redactHeaders(many))).toHaveLength(101);
    expect(redactHeaders(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }))).toEqual({});
  });
});

describe('URLs: userinfo and secret query parameters', () => {
  test.each([
    [`https://user:${S}@api.test/orders`, `https://${REDACTED}@api.test/orders`],
    [`https://${S}@api.test`, `https://${REDACTED}@api.test`],
    [`//user:${S}@api.test/x`, `//${REDACTED}@api.test/x`],
    [`https:user:${S}@api.test/x`, `https:${REDACTED}@api.test/x`],
    [`  https://user:${S}@api.test/x`, `  https://${REDACTED}@api.test/x`],
    [`ht\ttps://user:${S}@api.test/x`, `https://${REDACTED}@api.test/x`],
    [`https://user:p@${S}@api.test/x`, `https://${REDACTED}@api.test/x`],
    [`https://user:${S}%40x@api.test/x?y=1`, `https://${REDACTED}@api.test/x?y=1`],
    [`HTTPS://user:${S}@api.test\\x`, `HTTPS://${REDACTED}@api.test\\x`],
    ['/orders?email=a@b.example', '/orders?email=a@b.example'],
    ['https://api.test/orders/a@b', 'https://api.test/orders/a@b'],
    [`/orders?api_key=${S}&symbol=BTC`, `/orders?api_key=${REDACTED}&symbol=BTC`],
    [`/o?signature=${S}&a%=1&%zz=2#frag`, `/o?signature=${REDACTED}&a%=1&%zz=2#frag`],
    [`/o?api%5Fkey=${S}`, `/o?api%5Fkey=${REDACTED}`],
    [`/o?api+key=x&apikey=${S}`, `/o?api+key=x&apikey=${REDACTED}`],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  test('a very long URL is cut at 2 KiB and marked; anything not a string is shown, never thrown', () => {
    expect(redactUrl(`/x?q=${'a'.repeat(10_000)}`)).toMatch(/^.{2048}…\[cut: 10005 characters in all\]$/);
    expect(redactUrl(undefined)).toBe('');
    expect(redactUrl(Object.create(null))).toBe('an object');
  });

  test('userinfo and header secrets, for scrubbing', () => {
    expect(userinfoSecrets(`https://me:${S}%21@h.test/`)).toEqual(['me', `${S}%21`, `${S}!`]);
    expect(userinfoSecrets('/relative@x')).toEqual([]);
    expect(headerSecrets({ Authorization: `Bearer ${S}`, 'Content-Type': 'a/b', KEY: 12345 })).toEqual([`Bearer ${S}`, S, '12345']);
  });

  test('scrub replaces every secret of 4+ characters and any userinfo in text', () => {
    expect(scrub(`code 123456 refused; again 123456; see https://u:${S}@h.test/x`, ['123456', '12'])).toBe(
      `code ${REDACTED} refused; again ${REDACTED}; see https://${REDACTED}@h.test/x`,
    );
  });
});

describe('bodies kept: parsed, redacted, bounded, never throwing', () => {
  test('objects, JSON strings, nested JSON strings', () => {
    expect(redactData({ symbol: 'BTC', api_key: S, nested: { signature: S, ok: [1, 2] } })).toEqual({
      symbol: 'BTC', api_key: REDACTED, nested: { signature: REDACTED, ok: [1, 2] },
    });
    expect(redactData(JSON.stringify({ a: 1, secret: S }))).toBe(`{"a":1,"secret":"${REDACTED}"}`);
    expect(redactData({ payload: JSON.stringify({ token: S, b: 2 }) })).toEqual({ payload: `{"token":"${REDACTED}","b":2}` });
  });

  test('form bodies are parsed, not pattern-matched (spaces, +, percent-encoding, URLSearchParams)', () => {
    expect(redactData(`symbol=BTC USDT&api_key=${S}&note=a b`)).toBe(`symbol=BTC+USDT&api_key=${REDACTED}&note=a+b`);
    expect(redactData(`note=hello+world&pass%77ord=${S}`)).toBe(`note=hello+world&password=${REDACTED}`);
    expect(redactData(new URLSearchParams({ a: '1', signature: S }))).toBe(`a=1&signature=${REDACTED}`);
    expect(redactData(`x=1&sign=${S}`, { form: true })).toBe(`x=1&sign=${REDACTED}`);
    expect(redactData('a=%zz&b=\uD800')).toBe('a=%25zz&b=%EF%BF%BD');
  });

  test('FormData, binary, streams, dates, BigInt, functions', () => {
    const fd = new FormData();
    fd.append('symbol', 'BTC');
    fd.append('api_key', S);
    fd.append('file', new Blob(['x']));
    expect(redactData(fd)).toEqual({ symbol: 'BTC', api_key: REDACTED, file: '[file]' });
    expect(redactData(Buffer.from('{"secret":"x"}'))).toBe('[binary, 14 bytes]');
    expect(redactData({ pipe: () => undefined })).toBe('[stream]');
    expect(redactData({ at: new Date(0), n: 10n, f: () => 1, inf: Infinity })).toEqual({ at: '1970-01-01T00:00:00.000Z', n: '10', inf: null });
  });

  test('a JSON body too large to parse or malformed is not kept (it cannot be redacted field by field)', () => {
    expect(redactData(`{"secret":"${S}",${'"a":1,'.repeat(200_000)}"b":2}`)).toMatch(/^\[JSON body of \d+ characters, not kept\]$/);
    const broken = `{"secret":"${S}"`;
    expect(redactData(broken)).toBe(`[malformed JSON body of ${broken.length} characters, not kept]`);
  });

  test('big bodies are cut at about 4 KiB, and the cut is marked', () => {
    const big = { items: Array.from({ length: 10_000 }, (_, i) => ({ id: i, note: 'x'.repeat(20) })), tail: S };
    const kept = redactData(JSON.stringify(big)) as string;
    expect(kept.length).toBeLessThan(6_000);
    expect(kept).toMatch(/\[cut: \d+ more items\]/);
    expect(JSON.parse(kept)).toBeTypeOf('object');
    const wide = redactData(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))) as Record<string, unknown>;
    expect(wide[CUT_KEY]).toMatch(/^\[cut: \d+ more keys\]$/);
    expect(redactData('t'.repeat(100_000))).toMatch(/^t{4094}…\[cut: 100000 characters in all\]$/);
  });

  test('deep, cyclic, hostile: bounded and never throwing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(JSON.stringify(redactData(deep))).toMatch(/\[cut: nested deeper than 16 levels\]/);
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    expect(() => JSON.stringify(redactData(cyc))).not.toThrow();
    const getter = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: () => { throw new Error('trap'); } });
    expect(redactData(getter)).toEqual({ ok: 1, bad: '[unreadable value]' });
    expect(redactData(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }))).toBe('[unreadable value]');
    expect(redactData({ toJSON: () => { throw new Error('trap'); } })).toBe('[unreadable value]');
  });

  test('__proto__ and constructor keys are kept as own data, never as a prototype', () => {
    const kept = redactData(JSON.parse(`{"__proto__":{"polluted":true,"secret":"${S}"},"constructor":{"prototype":{"x":1}}}`)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect((kept as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(kept, '__proto__')?.value).toEqual({ polluted: true, secret: REDACTED });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
