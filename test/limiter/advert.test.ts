/**
 * Table tests of the header parsers: what every advertised form yields, and what malformed, negative, huge or
 * wrongly typed values yield (never a throw). `now` is fixed; resets are ms from `now`.
 */
import { describe, expect, it } from 'vitest';
import { readAdvert, type Advert } from '../../src/limiter/advert/index.js';
import { intervalOf } from '../../src/limiter/advert/exchanges.js';
import { resetFrom } from '../../src/limiter/advert/legacy.js';

const NOW = 1_767_225_600_500; // 2026-01-01T00:00:00.500Z
const binance = [{ header: 'x-mbx-used-weight-1m', limit: 6_000 }];

type Row = [string, Record<string, unknown>, Partial<Advert> | undefined];

const read = (h: Record<string, unknown>): Advert | undefined => readAdvert(h, NOW, binance);

describe('readAdvert: the advertised forms', () => {
  const rows: Row[] = [
    ['IETF draft-11 RateLimit + RateLimit-Policy', { ratelimit: '"default";r=50;t=30', 'ratelimit-policy': '"default";q=100;w=60' }, { remaining: 50, limit: 100, resetMs: 30_000, coarse: true, windowMs: 60_000 }],
    ['express-rate-limit draft-8 (spaces, pk)', { ratelimit: '"100-in-1s"; r=57; t=1', 'ratelimit-policy': '"100-in-1s"; q=100; w=1; pk=:ZGJkYzYxYTg4YjBj:' }, { remaining: 57, limit: 100, resetMs: 1_000, windowMs: 1_000 }],
    ['IETF without a policy', { ratelimit: '"default";r=5;t=2' }, { remaining: 5, limit: undefined, resetMs: 2_000, windowMs: undefined }],
    ['IETF two policies: the one allowing the lower rate wins', { ratelimit: '"burst";r=90;t=10, "daily";r=5;t=3600', 'ratelimit-policy': '"burst";q=100;w=60, "daily";q=1000;w=86400' }, { remaining: 5, limit: 1000, resetMs: 300_000, windowMs: 300_000 }],
    ['IETF r=0 wins over any positive r', { ratelimit: '"a";r=10;t=1, "b";r=0;t=30' }, { remaining: 0, resetMs: 30_000 }],
    ['IETF token name (older servers)', { ratelimit: 'default;r=3;t=1', 'ratelimit-policy': 'default;q=10;w=1' }, { remaining: 3, limit: 10 }],
    ['IETF repeated fields joined by axios', { ratelimit: ['"a";r=4;t=1', '"b";r=9;t=1'] }, { remaining: 4 }],
    ['IETF content-bytes policy is not a request quota', { ratelimit: '"bytes";r=10;t=1', 'ratelimit-policy': '"bytes";q=65535;qu="content-bytes";w=10' }, { remaining: 10, limit: undefined, windowMs: undefined }],
    ['express-rate-limit draft-7 dictionary', { ratelimit: 'limit=100, remaining=3, reset=1', 'ratelimit-policy': '100;w=1' }, { remaining: 3, limit: 100, resetMs: 1_000, windowMs: 1_000 }],
    ['express-rate-limit draft-6', { 'ratelimit-limit': '100', 'ratelimit-remaining': '99', 'ratelimit-reset': '1', 'ratelimit-policy': '100;w=1' }, { remaining: 99, limit: 100, resetMs: 1_000, coarse: true, windowMs: 1_000 }],
    ['X-RateLimit, reset in seconds from now (@fastify/rate-limit)', { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '1' }, { remaining: 12, limit: 100, resetMs: 1_000, coarse: true, windowMs: undefined }],
    ['X-RateLimit, reset as epoch seconds (GitHub)', { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.ceil(NOW / 1000) + 59) }, { remaining: 4999, limit: 5000, resetMs: 59_500, coarse: true }],
    ['X-RateLimit, reset as epoch ms', { 'x-ratelimit-remaining': '7', 'x-ratelimit-reset': String(NOW + 1_234) }, { remaining: 7, resetMs: 1_234, coarse: false }],
    ['X-RateLimit numbers as numbers', { 'x-ratelimit-remaining': 7, 'x-ratelimit-reset': 2 }, { remaining: 7, resetMs: 2_000 }],
    ['Binance used weight against the configured limit: to the next minute + 1 s skew', { 'x-mbx-used-weight-1m': '1200' }, { remaining: 4_800, limit: 6_000, resetMs: 59_500 + 1_000, windowMs: 60_000 }],
    ['Binance over the limit', { 'x-mbx-used-weight-1m': '6100' }, { remaining: 0, limit: 6_000 }],
    ['Bybit, not exceeded: reset is "now", a rolling second', { 'x-bapi-limit-status': '49', 'x-bapi-limit': '50', 'x-bapi-limit-reset-timestamp': String(NOW) }, { remaining: 49, limit: 50, resetMs: 1_000, coarse: false, windowMs: 1_000 }],
    ['Bybit, exceeded: reset in the future', { 'x-bapi-limit-status': '0', 'x-bapi-limit': '50', 'x-bapi-limit-reset-timestamp': String(NOW + 730) }, { remaining: 0, limit: 50, resetMs: 730, coarse: false }],
    ['no rate-limit header', { 'content-type': 'application/json', 'retry-after': '1' }, undefined],
    ['Binance header without a configured limit is not read', {}, undefined],
  ];
  it.each(rows)('%s', (_name, headers, expected) => {
    const a = read(headers);
    if (expected === undefined) expect(a).toBeUndefined();
    else expect(a).toMatchObject(expected);
  });
});

describe('readAdvert: bad headers never throw; each yields this', () => {
  const rows: Row[] = [
    ['garbage RateLimit', { ratelimit: 'garbage!!' }, undefined],
    ['unparsable structured field', { ratelimit: '"x" ; r=1' }, undefined],
    ['r missing', { ratelimit: '"x";t=1' }, undefined],
    ['negative r', { ratelimit: '"x";r=-1;t=1' }, undefined],
    ['negative t: no window, ignored', { ratelimit: '"x";r=5;t=-3' }, undefined],
    ['r as a string', { ratelimit: '"x";r="5";t=2' }, undefined],
    ['r as a decimal: floored', { ratelimit: '"x";r=1.5;t=2' }, { remaining: 1 }],
    ['r beyond 1e9: says nothing useful', { ratelimit: '"x";r=999999999999999;t=2' }, undefined],
    ['r beyond the structured-field integer range', { ratelimit: '"x";r=9999999999999999;t=2' }, undefined],
    ['t absurd (over a day)', { ratelimit: '"x";r=0;t=90000' }, undefined],
    ['t huge but sane (an hour): capped to 5 minutes', { ratelimit: '"x";r=0;t=3600' }, { remaining: 0, resetMs: 300_000 }],
    ['r without any window (no t, no policy)', { ratelimit: '"x";r=999' }, undefined],
    ['r with the policy window only', { ratelimit: '"x";r=3', 'ratelimit-policy': '"x";q=10;w=5' }, { remaining: 3, resetMs: 5_000, coarse: true }],
    ['garbage policy: the RateLimit field alone', { ratelimit: '"x";r=3;t=1', 'ratelimit-policy': '}{' }, { remaining: 3, limit: undefined }],
    ['policy q negative: ignored', { ratelimit: '"x";r=3;t=1', 'ratelimit-policy': '"x";q=-5;w=1' }, { remaining: 3, limit: undefined }],
    ['draft-7 remaining negative', { ratelimit: 'limit=100, remaining=-3, reset=1' }, undefined],
    ['draft-7 remaining as a token', { ratelimit: 'limit=100, remaining=x, reset=1' }, undefined],
    ['X-RateLimit remaining "abc"', { 'x-ratelimit-remaining': 'abc', 'x-ratelimit-reset': '1' }, undefined],
    ['X-RateLimit remaining "-1"', { 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '1' }, undefined],
    ['X-RateLimit remaining "1e3" (not a plain number)', { 'x-ratelimit-remaining': '1e3', 'x-ratelimit-reset': '1' }, undefined],
    ['X-RateLimit reset garbage: no window, ignored', { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': 'soon' }, undefined],
    ['X-RateLimit reset an epoch in the past', { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': String(Math.floor(NOW / 1000) - 3600) }, undefined],
    ['X-RateLimit reset as an object', { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': { a: 1 } }, undefined],
    ['X-RateLimit limit 0: the limit is dropped', { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, { remaining: 0, limit: undefined }],
    ['a server advertising 0 left (it may say so forever): obeyed for one window at a time', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, { remaining: 0, resetMs: 1_000 }],
    ['Binance used weight garbage', { 'x-mbx-used-weight-1m': 'lots' }, undefined],
    ['Bybit status garbage', { 'x-bapi-limit-status': 'n/a', 'x-bapi-limit': '50' }, undefined],
    ['header value null / boolean', { 'x-ratelimit-remaining': null, ratelimit: true }, undefined],
  ];
  it.each(rows)('%s', (_name, headers, expected) => {
    let a: Advert | undefined;
    expect(() => (a = read(headers))).not.toThrow();
    if (expected === undefined) expect(a).toBeUndefined();
    else expect(a).toMatchObject(expected);
  });
});

describe('reset detection (pure)', () => {
  it.each([
    ['1', { ms: 1_000, coarse: true }],
    ['0', { ms: 0, coarse: true }],
    ['60', { ms: 60_000, coarse: true }],
    [String(Math.ceil(NOW / 1000) + 2), { ms: 2_500, coarse: true }],
    [String(NOW + 700), { ms: 700, coarse: false }],
    [String(NOW - 700), undefined],
    ['-1', undefined],
    ['1.5', { ms: 1_500, coarse: true }],
    ['', undefined],
  ] as const)('%s → %o', (text, expected) => {
    expect(resetFrom(text, NOW)).toEqual(expected);
  });

  it('interval suffixes of Binance headers', () => {
    expect([intervalOf('x-mbx-used-weight-1m'), intervalOf('x-mbx-order-count-10s'), intervalOf('x-mbx-used-weight-1h'), intervalOf('x-mbx-used-weight')]).toEqual([60_000, 10_000, 3_600_000, undefined]);
  });
});
