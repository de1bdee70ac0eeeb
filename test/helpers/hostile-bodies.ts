/**
 * fast-check arbitraries of hostile server answers: bodies deep, huge, binary, invalid UTF-8, of wrong types, HTML,
 * with `__proto__`/`constructor` keys, NUL, control characters and lone surrogates; odd response headers; and whole
 * fuzz cases (profile × status × method × hooks × body × headers). Codes in a dialect's positions are never ones a
 * rule knows, so the oracle can classify by status and method.
 */
import fc from 'fast-check';

/** The five profiles by name. */
export const PROFILES = ['infinex', 'batchdata', 'alp', 'orderly', 'generic'] as const;
const STATUSES = [200, 201, 204, 302, 400, 401, 403, 404, 409, 410, 418, 422, 429, 500, 501, 502, 503, 504, 505, 511, 599] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** One fuzz case. */
export interface BodyCase {
  readonly profile: (typeof PROFILES)[number];
  readonly status: number;
  readonly method: (typeof METHODS)[number];
  /** With hooks: an otp hook that gives a code, a verify hook that says `absent`, event hooks that serialize. */
  readonly hooks: boolean;
  readonly body: unknown;
  readonly headers: Record<string, unknown>;
}

/** Codes no rule of any profile knows (a known code would rightly change the classification). */
const safeCode = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `FUZZ_${s}`),
  fc.integer({ min: 1_000_000, max: 2 ** 40 }),
  fc.integer({ min: -(2 ** 40), max: -1_000_000 }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(null, true, [], {}, '', ' ', '-0', '1e400'),
);

/** Strings with NUL, control characters, lone surrogates, bidi overrides. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u001b[31mred', '\u202Eevil', '\r\n\t', '%zz%', '<script>', '}}}]]]'),
);

/** Nesting: arrays or objects, as JSON text or as a value built without recursion. */
const depth = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 64 }), weight: 3 },
  { arbitrary: fc.integer({ min: 64, max: 2_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: 5_000, max: 20_000 }), weight: 2 }, // deep enough to overflow a recursive walker
);
const deep = fc.record({ depth, key: fc.constantFrom('a', '__proto__', 'constructor', 'fields'), array: fc.boolean(), text: fc.boolean() }).map(
  ({ depth, key, array, text }) => {
    if (text) return array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) {
      if (array) v = [v];
      else if (key === '__proto__') v = Object.defineProperty({}, key, { value: v, enumerable: true, writable: true, configurable: true });
      else v = { [key]: v };
    }
    return v;
  },
);

/** Big: a long string, a long array, many keys. */
const huge = fc.record({ n: fc.oneof(fc.integer({ min: 1_000, max: 100_000 }), fc.integer({ min: (1 << 20) - 100, max: (1 << 20) + 100 })), form: fc.constantFrom('string', 'json-string', 'array', 'keys', 'bytes') }).map(({ n, form }) => {
  switch (form) {
    case 'string':
      return 'x'.repeat(n);
    case 'json-string':
      return JSON.stringify({ code: 'FUZZ', message: 'm'.repeat(n), error: { code: 'FUZZ', msg: 'e'.repeat(n) } });
    case 'array':
      return new Array(n).fill({ a: 1 });
    case 'keys':
      return Object.fromEntries(Array.from({ length: Math.min(n, 20_000) }, (_, i) => [`k${i}`, i]));
    default:
      return new Uint8Array(n).fill(0x7b);
  }
});

/** Bytes: random, invalid UTF-8, JSON with a stray byte. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 2_048 }),
  fc.constant(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0xc3, 0x28])),
  fc.string({ maxLength: 50 }).map((s) => Buffer.concat([Buffer.from(`{"code":"FUZZ","message":"${s}`), Buffer.from([0xff, 0xc0]), Buffer.from('"}')])),
);

/** Anything at all in a dialect's positions. */
const wild = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

/** Bodies in the shape of one of the dialects, with safe codes and hostile everything else. */
const shaped = fc.record({
  code: safeCode,
  message: fc.oneof(nasty, wild, fc.integer({ min: 1, max: 500_000 }).map((n) => 'm'.repeat(n))),
  fields: fc.oneof(deep, wild, fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), fc.oneof(nasty, wild, deep), { maxKeys: 80 })),
  success: fc.constantFrom(false, true, 'false', undefined),
  statusCode: fc.oneof(safeCode, fc.constantFrom(400, 404, 500, 503, '500')),
  asText: fc.boolean(),
}).map(({ code, message, fields, success, statusCode, asText }) => {
  const v = {
    code,
    message,
    msg: message,
    fields,
    success,
    error: { code, msg: message, message, fields },
    errors: [{ code, message }],
    status: { code: statusCode, text: message, message },
  };
  if (!asText) return v;
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return v;
  }
});

const html = nasty.map((t) => `<!DOCTYPE html><html><head><title>${t}</title></head><body><h1>502 Bad Gateway</h1>${t}</body></html>`);

/** One hostile body. */
export const hostileBody: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: shaped, weight: 6 },
  { arbitrary: deep, weight: 3 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: bytes, weight: 2 },
  { arbitrary: html, weight: 1 },
  { arbitrary: wild, weight: 2 },
  { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 1 },
  { arbitrary: fc.constantFrom('', null, undefined, 0, 'null', '{}', '[]', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'), weight: 1 },
  { arbitrary: nasty, weight: 1 },
);

/** Response headers: benign, odd, or large (Retry-After within the deadline or unparsable). */
const headers = fc.oneof(
  fc.constant({}),
  fc.constant({ 'content-type': 'application/json' }),
  fc.constantFrom({ 'retry-after': '1' }, { 'retry-after': 'soon' }, { 'retry-after': '-5' }, { 'x-ratelimit-reset': '2' }, { 'retry-after': new Date(0).toUTCString() }),
  fc.constant({ 'set-cookie': ['session=abc; HttpOnly', 'other=1'], 'content-type': 'text/html' }),
  fc.constant({ 'x-huge': 'h'.repeat(20_000), 'content-type': 'application/json; charset=utf-8' }),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.array(fc.string(), { maxLength: 3 })), { maxKeys: 5 }),
);

/** One case. */
export const bodyCase: fc.Arbitrary<BodyCase> = fc.record({
  profile: fc.constantFrom(...PROFILES),
  status: fc.constantFrom(...STATUSES),
  method: fc.constantFrom(...METHODS),
  hooks: fc.boolean(),
  body: hostileBody,
  headers,
});

