/**
 * The default limiter key, a pure function of the instance and the request: the API's origin, and a hash of the
 * credential in use (header, URL userinfo, axios `auth`), never the secret itself.
 */
import axios, { AxiosHeaders } from 'axios';
import { describe, expect, test } from 'vitest';
import { defaultLimiterKey } from '../../src/executor/limits.js';

const SECRET = 'SENTINEL-key-secret';

describe('defaultLimiterKey', () => {
  const http = axios.create({ baseURL: 'https://api.example.com/v1' });

  test('a relative URL takes the base URL origin; an absolute one its own', () => {
    expect(defaultLimiterKey(http, { url: '/orders' })).toBe('https://api.example.com');
    expect(defaultLimiterKey(http, { url: 'https://other.example.com/x' })).toBe('https://other.example.com');
    expect(defaultLimiterKey(http, { url: '/x', baseURL: 'http://127.0.0.1:8080/api' })).toBe('http://127.0.0.1:8080');
    expect(defaultLimiterKey(axios.create(), { url: '/x' })).toBe('');
  });

  test('two credentials, two keys; the same credential from the request, the defaults or common, one key', () => {
    const a = defaultLimiterKey(http, { url: '/x', headers: { 'X-Api-Key': 'a' } });
    const b = defaultLimiterKey(http, { url: '/x', headers: { 'X-Api-Key': 'b' } });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^https:\/\/api\.example\.com#[0-9a-f]{16}$/);
    const viaDefaults = axios.create({ baseURL: 'https://api.example.com', headers: { 'X-Api-Key': 'a' } });
    expect(defaultLimiterKey(viaDefaults, { url: '/x' })).toBe(a);
    const viaCommon = axios.create({ baseURL: 'https://api.example.com' });
    viaCommon.defaults.headers.common['X-Api-Key'] = 'a';
    expect(defaultLimiterKey(viaCommon, { url: '/x' })).toBe(a);
    expect(defaultLimiterKey(http, { url: '/x', headers: new AxiosHeaders({ 'X-Api-Key': 'a' }) })).toBe(a);
  });

  test('a header inherited through the prototype is not the request\'s', () => {
    const headers = Object.create({ 'X-Api-Key': 'inherited' }) as Record<string, string>;
    expect(defaultLimiterKey(http, { url: '/x', headers })).toBe('https://api.example.com');
  });

  test('URL userinfo and axios auth go into the hash, never into the key', () => {
    const withUser = defaultLimiterKey(http, { url: `https://u:${SECRET}@api.example.com/x` });
    const withAuth = defaultLimiterKey(http, { url: '/x', auth: { username: 'u', password: SECRET } });
    for (const k of [withUser, withAuth]) {
      expect(k).toMatch(/^https:\/\/api\.example\.com#[0-9a-f]{16}$/);
      expect(k).not.toContain(SECRET);
    }
    expect(withUser).not.toBe(defaultLimiterKey(http, { url: 'https://u:other@api.example.com/x' }));
    const base = axios.create({ baseURL: `https://u:${SECRET}@api.example.com` });
    expect(defaultLimiterKey(base, { url: '/x' })).toBe(withUser);
  });
});
