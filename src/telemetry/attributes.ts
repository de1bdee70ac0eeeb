/**
 * Attribute values per the OpenTelemetry HTTP client semantic conventions, computed without ever copying a
 * secret: the URL's userinfo becomes `REDACTED:REDACTED`, every query value `REDACTED`, headers and bodies are
 * never read. Pure functions.
 * @module
 */
import type { Failure } from '../failure/types.js';

/** Attribute keys (semantic conventions first, then resolute's own). */
export const ATTR = Object.freeze({
  method: 'http.request.method',
  methodOriginal: 'http.request.method_original',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlFull: 'url.full',
  urlTemplate: 'url.template',
  statusCode: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  errorType: 'error.type',
  operationId: 'resolute.operation_id',
  verdict: 'resolute.verdict',
  outcome: 'resolute.outcome',
  profile: 'resolute.profile',
  attempt: 'resolute.attempt',
  apiCode: 'resolute.api_code',
  otpSent: 'resolute.otp.sent',
  otpAsk: 'resolute.otp.ask',
  otpRejected: 'resolute.otp.rejected',
  throttleSource: 'resolute.throttle.source',
  verifyCheck: 'resolute.verify.check',
  verifyOutcome: 'resolute.verify.outcome',
});

/** The methods the conventions call known (RFC 9110 plus PATCH). */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

/** `http.request.method`: the upper-case method if known, else `_OTHER`. */
export function methodAttr(method: string): string {
  const m = method.toUpperCase();
  return KNOWN_METHODS.has(m) ? m : '_OTHER';
}

/** The span name: `{method} {url.template}`, or `{method}`; `HTTP` stands for an unknown method. */
export function spanName(method: string, template: string | undefined): string {
  const m = method === '_OTHER' ? 'HTTP' : method;
  return template === undefined ? m : `${m} ${template}`;
}

/** The parts of the target URL telemetry may show. */
export interface Target {
  /** `server.address`. */
  readonly address?: string;
  /** `server.port` (the scheme's default when the URL has none). */
  readonly port?: number;
  /** The absolute path (for `url.template` matching). */
  readonly path: string;
  /** `url.full`, scrubbed: userinfo and every query value replaced by `REDACTED`. */
  readonly full?: string;
}

const ABSOLUTE = /^[a-z][a-z\d+\-.]*:\/\//i;

/** Where the request goes, as axios would combine `baseURL` and `url` (an absolute `url` wins). */
export function targetOf(url: string | undefined, baseURL: string | undefined, params: unknown): Target {
  const u = url ?? '';
  let parsed: URL;
  try {
    parsed = new URL(ABSOLUTE.test(u) || !baseURL ? u : joinURL(baseURL, u));
  } catch {
    const q = u.search(/[?#]/);
    return { path: (q < 0 ? u : u.slice(0, q)) || '/' };
  }
  const { protocol, hostname, pathname } = parsed;
  const port = parsed.port ? Number(parsed.port) : protocol === 'https:' ? 443 : protocol === 'http:' ? 80 : undefined;
  const userinfo = parsed.username || parsed.password ? 'REDACTED:REDACTED@' : '';
  const keys = parsed.search === '' ? paramKeys(params) : [...new Set([...parsed.searchParams.keys(), ...paramKeys(params)])];
  const query = keys.length === 0 ? '' : `?${keys.map((k) => `${encodeURIComponent(k)}=REDACTED`).join('&')}`;
  const address = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const full = `${protocol}//${userinfo}${parsed.host}${pathname}${query}`;
  return port === undefined ? { address, path: pathname, full } : { address, port, path: pathname, full };
}

/** `baseURL` + `/` + `url`, without doubling or dropping the slash between them. */
function joinURL(base: string, url: string): string {
  if (url === '') return base;
  const b = base.endsWith('/') ? base.slice(0, -1) : base;
  return url.startsWith('/') ? b + url : `${b}/${url}`;
}

function paramKeys(params: unknown): string[] {
  if (params === undefined || params === null) return [];
  if (params instanceof URLSearchParams) return [...params.keys()];
  return typeof params === 'object' ? Object.keys(params) : [];
}

const TOKEN = /^[\w.-]{1,64}$/;

/** A value fit for `error.type`: a short identifier, else `_OTHER` (keeps cardinality low and text out). */
export function safeType(name: unknown): string {
  return typeof name === 'string' && TOKEN.test(name) ? name : '_OTHER';
}

/** `error.type` of a failed send: the status code when the server answered with an error status, else the API's code or the transport's. */
export function failureType(f: Failure): string {
  if (f.status !== undefined && f.status >= 400) return String(f.status);
  if (f.code !== undefined) return safeType(String(f.code));
  return safeType(f.errorCode ?? f.kind);
}

/** `error.type` of the error that ended a request: its class name (`RetriesExhaustedError`, `AbortError`). */
export function errorClass(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) return safeType((error as { name: unknown }).name);
  return '_OTHER';
}
