/**
 * The default limiter key never holds a credential: URL userinfo (in `url`, `baseURL` or the instance's baseURL) and
 * axios `auth` are folded into the key's hash, like the credential header, so two accounts still get two keys. With
 * a `redisLimiter`, every key name in Redis is searched for the sentinels after a request met a 429 (the pause is
 * stored under the key).
 */
import axios from 'axios';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createExecutor, redisLimiter } from '../../src/index.js';
import { defaultLimiterKey } from '../../src/executor/limits.js';
import { hasRedis, type RedisServer, startRedis, stopRedis } from '../helpers/redis-server.js';
import { stubHttp } from '../helpers/stub-http.js';

const PASS = 'Sx-limiterpass-4242';
const USER = 'Sx-limiteruser-4343';
const plain = axios.create();

describe('defaultLimiterKey', () => {
  test('userinfo leaves the origin and goes into the hash; different passwords, different keys', () => {
    const a = defaultLimiterKey(plain, { url: `https://${USER}:${PASS}@api.example.test/v1/order` });
    const b = defaultLimiterKey(plain, { url: `https://${USER}:other@api.example.test/v1/order` });
    const none = defaultLimiterKey(plain, { url: 'https://api.example.test/v1/order' });
    expect(none).toBe('https://api.example.test');
    expect(a).toMatch(/^https:\/\/api\.example\.test#[0-9a-f]{16}$/);
    expect(b).toMatch(/^https:\/\/api\.example\.test#[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(defaultLimiterKey(plain, { url: `https://${USER}:${PASS}@api.example.test/v1/x` })).toBe(a);
  });

  test('baseURL, the instance baseURL and axios auth: no secret in the key, accounts apart', () => {
    const keys = [
      defaultLimiterKey(plain, { baseURL: `http://${USER}:${PASS}@127.0.0.1:9`, url: '/x' }),
      defaultLimiterKey(axios.create({ baseURL: `http://${USER}:${PASS}@127.0.0.1:9` }), { url: '/x' }),
      defaultLimiterKey(plain, { baseURL: 'http://127.0.0.1:9', url: '/x', auth: { username: USER, password: PASS } }),
      defaultLimiterKey(axios.create({ auth: { username: USER, password: 'other' } }), { baseURL: 'http://127.0.0.1:9', url: '/x' }),
      defaultLimiterKey(plain, { baseURL: 'http://127.0.0.1:9', url: '/x', headers: { 'X-API-KEY': PASS } }),
    ];
    for (const k of keys) {
      expect(k).toMatch(/^http:\/\/127\.0\.0\.1:9#[0-9a-f]{16}$/);
      expect(k).not.toContain(PASS);
      expect(k).not.toContain(USER);
    }
    expect(new Set(keys.slice(2, 4)).size).toBe(2);
  });

  test('an @ inside the path or query is not userinfo', () => {
    expect(defaultLimiterKey(plain, { url: 'https://api.example.test/u/a@b?x=c@d' })).toBe('https://api.example.test');
  });
});

describe.runIf(hasRedis)('redisLimiter key names', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url, { lazyConnect: false });
  });
  afterAll(async () => {
    client?.disconnect();
    await stopRedis(server);
  });

  test('after a 429 pause through Redis, no key name or value holds the URL password', async () => {
    const { http, sent } = stubHttp([{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, data: { ok: true } }]);
    const limiter = redisLimiter({ client, keyPrefix: 'rk:' });
    const ex = createExecutor({ http, limiter, breaker: false });
    const res = await ex.request({ url: `http://${USER}:${PASS}@127.0.0.1:9/x` });
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(2);
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    const dump = [...keys, ...(await Promise.all(keys.map(async (k) => JSON.stringify(await client.dump(k)))))].join('\n');
    expect(dump).not.toContain(PASS);
    expect(dump).not.toContain(USER);
  });
});
