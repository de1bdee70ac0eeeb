/**
 * Everything that holds a request back before it is sent: the shared limiter (429 pauses, adaptive rate,
 * a proactive rate), the profile's documented per-route limits, the limiter key and the request's weight.
 * @module
 */
import { createHash } from 'node:crypto';
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import { memoryLimiter } from '../limiter/memory.js';
import type { Limiter } from '../limiter/types.js';
import type { Profile } from '../profiles/types.js';
import { isAccountHeader } from '../redact.js';
import type { Clock, Sleep } from '../time.js';
import type { ExecutorOptions } from './options.js';

/** A limiter that applies only to URLs matching `url`. */
export interface ScopedLimiter {
  readonly url: RegExp | undefined;
  readonly limiter: Limiter;
}

/** The resolved limits of an executor. */
export interface Limits {
  /** Shared by every request: pauses on 429, adaptive rate, the user's `rateLimit`. */
  readonly main: Limiter;
  /** The profile's documented limits (e.g. Orderly order endpoints, 10/s). */
  readonly scoped: readonly ScopedLimiter[];
  readonly key: (http: AxiosInstance, config: AxiosRequestConfig) => string;
  readonly weight: (config: AxiosRequestConfig) => number;
}

const hashes = new Map<string, string>();

function hashOf(secret: string): string {
  let h = hashes.get(secret);
  if (h === undefined) {
    if (hashes.size >= 1_000) hashes.clear();
    h = createHash('sha256').update(secret).digest('hex').slice(0, 16);
    hashes.set(secret, h);
  }
  return h;
}

/** The first credential header among `headers`' own entries, as `name:value` (no array built: runs per request). */
function credentialIn(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as Record<string, unknown>;
  for (const k in h) {
    const v = h[k];
    if ((typeof v === 'string' || typeof v === 'number') && Object.hasOwn(h, k) && isAccountHeader(k)) return `${k.toLowerCase()}:${v}`;
  }
  return undefined;
}

/** scheme://authority: the authority may start with `userinfo@` (the last `@` before the path ends it). */
const ORIGIN = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]+)/i;

type Origin = { readonly origin: string; readonly userinfo: string | undefined } | undefined;

/** The origin without userinfo, and the userinfo (a credential: never in a key, only in its hash). */
function originOf(url: string | undefined): Origin {
  if (url === undefined || url === '' || url.charCodeAt(0) === 47 /* '/': a path, no origin */) return undefined;
  const m = ORIGIN.exec(url);
  if (!m) return undefined;
  const at = m[2]!.lastIndexOf('@');
  return at < 0 ? { origin: m[0], userinfo: undefined } : { origin: m[1]! + m[2]!.slice(at + 1), userinfo: m[2]!.slice(0, at) };
}

/** `originOf` of base URLs, remembered: a pure function of the string, and an executor sees few base URLs. */
const bases = new Map<string, Origin>();
function baseOrigin(url: string | undefined): Origin {
  if (url === undefined) return undefined;
  if (bases.has(url)) return bases.get(url);
  const o = originOf(url);
  if (bases.size >= 100) bases.clear();
  bases.set(url, o);
  return o;
}

/**
 * The default limiter key: the API's origin plus a hash of the credentials in use (the credential header, URL
 * userinfo, axios `auth`; never the secret itself), so two accounts on one API never throttle each other.
 */
export function defaultLimiterKey(http: AxiosInstance, config: AxiosRequestConfig): string {
  const at = originOf(config.url) ?? baseOrigin(config.baseURL ?? http.defaults?.baseURL);
  const d = http.defaults?.headers as Record<string, unknown> | undefined;
  const auth = config.auth ?? http.defaults?.auth;
  let creds = credentialIn(config.headers) ?? credentialIn(d) ?? credentialIn(d?.common) ?? '';
  if (at?.userinfo !== undefined) creds += `\nuserinfo:${at.userinfo}`;
  if (auth) creds += `\nauth:${String(auth.username)}:${String(auth.password)}`;
  const origin = at?.origin ?? '';
  return creds === '' ? origin : `${origin}#${hashOf(creds)}`;
}

/** Builds the limits from the options. */
export function resolveLimits(o: ExecutorOptions, profile: Profile, time: { clock: Clock; sleep: Sleep; random: () => number }): Limits | undefined {
  if (o.limiter === false) return undefined;
  const userRate = o.rateLimit === false ? undefined : o.rateLimit;
  const main =
    o.limiter ??
    memoryLimiter({
      ...(userRate ? { rateLimit: { limit: userRate.limit, intervalMs: userRate.intervalMs } } : {}),
      adaptive: o.adaptive ?? (userRate === undefined && (profile.rateLimits?.length ?? 0) === 0 && profile.adaptive !== false),
      ...(profile.usedWeight === undefined ? {} : { usedWeight: profile.usedWeight }),
      clock: time.clock,
      sleep: time.sleep,
    });
  const scoped: ScopedLimiter[] =
    o.rateLimit === undefined
      ? (profile.rateLimits ?? []).map((r) => ({
          url: r.url,
          limiter: memoryLimiter({ rateLimit: { limit: r.limit, intervalMs: r.intervalMs }, adaptive: false, advertised: false, clock: time.clock, sleep: time.sleep }),
        }))
      : [];
  const weight = o.weight;
  const documented = profile.requestWeights ?? [];
  return {
    main,
    scoped,
    key: o.limiterKey ? (_http, config) => o.limiterKey!(config) : defaultLimiterKey,
    weight: (config) => config.resolute?.weight ?? (weight ? weight(config) : documented.length > 0 ? documentedWeight(documented, config) : 1),
  };
}

/** The profile's documented weight of a request (the first route matching its method and URL), else 1. */
function documentedWeight(weights: NonNullable<Profile['requestWeights']>, config: AxiosRequestConfig): number {
  const method = (config.method ?? 'get').toUpperCase();
  const url = config.url ?? '';
  for (const w of weights) if ((w.method === undefined || w.method === method) && w.url.test(url)) return w.weight;
  return 1;
}
