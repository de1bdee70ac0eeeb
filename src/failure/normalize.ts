/**
 * axios outcome → `Failure`. Pure: the clock is a parameter; nothing is thrown, whatever the body or error.
 * @module
 */
import type { Dialect, ErrorBody } from '../dialects/types.js';
import { fieldMap, normalizeCode } from '../dialects/types.js';
import { headerEntries } from '../headers.js';
import { headerText, isSecretHeader, REDACTED, scrub } from '../redact.js';
import { textOf } from '../show.js';
import { clip, readBody } from './body.js';
import { classifyTransport } from './network.js';
import { retryAfterFromHeaders } from './retry-after.js';
import type { BodyIssue, Failure } from './types.js';

/** Options of normalization. */
export interface NormalizeOptions {
  readonly now: number;
  readonly maxRetryAfterMs?: number | undefined;
  /**
   * Secret values the request carried (2FA codes sent, API keys, URL passwords): scrubbed from the server's
   * message, code and fields should it echo them. A function is called only when a failure is built.
   */
  readonly secrets?: readonly string[] | (() => readonly string[]) | undefined;
}

/** A message is scrubbed over its first 8 KiB: `clip` keeps far less. */
const SCRUB_CHARS = 8192;
/** Most response headers kept on a failure; values are cut at 1 KiB. */
const MAX_HEADERS = 100;
const MAX_HEADER_CHARS = 1024;

/** Response headers (AxiosHeaders or a plain object) as a plain lower-cased record of strings. Never throws. */
export function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of headerEntries(headers)) {
    if (v === undefined || v === null) continue;
    if (++n > MAX_HEADERS) break;
    const text = headerText(v);
    out[k.toLowerCase()] = text.length > MAX_HEADER_CHARS ? `${text.slice(0, MAX_HEADER_CHARS)}…` : text;
  }
  return out;
}

/** The headers as kept on a failure: credential-like ones (Set-Cookie...) redacted. */
function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretHeader(k) ? REDACTED : v;
  return out;
}

function secretsOf(opts: NormalizeOptions): readonly string[] {
  try {
    const s = opts.secrets;
    return s === undefined ? [] : typeof s === 'function' ? s() : s;
  } catch {
    return [];
  }
}

/** What the profile's dialect found, as plain bounded data; `unreadable` when the dialect threw. */
function readError(dialect: Dialect, json: unknown): ErrorBody | 'unreadable' | undefined {
  try {
    const e = dialect.readError(json);
    if (typeof e !== 'object' || e === null) return undefined;
    const message = typeof e.message === 'string' ? e.message : undefined;
    const code = normalizeCode(e.code);
    const fields = fieldMap(e.fields);
    if (code === undefined && message === undefined && fields === undefined) return undefined;
    return { code, message, fields };
  } catch {
    return 'unreadable';
  }
}

/** True when the dialect says this 2xx body is an error (Orderly `success: false`). Never throws. */
export function isErrorBody(dialect: Dialect, data: unknown): boolean {
  if (dialect.isErrorBody === undefined) return false;
  try {
    return dialect.isErrorBody(data) === true;
  } catch {
    return false;
  }
}

/** A failure from an HTTP response (any status) whose body is an error. */
export function failureFromResponse(
  status: number,
  rawHeaders: unknown,
  data: unknown,
  dialect: Dialect,
  opts: NormalizeOptions,
): Failure {
  const headers = plainHeaders(rawHeaders);
  const body = readBody(data);
  const found = body.json !== undefined ? readError(dialect, body.json) : undefined;
  const err = found === 'unreadable' ? undefined : found;
  let issue: BodyIssue | undefined = body.issue;
  let message: string;
  if (err?.message !== undefined) message = err.message;
  else if (found === 'unreadable') {
    issue = 'unreadable';
    message = `HTTP ${status}: an error body the ${dialect.name} profile could not read`;
  } else if (body.description !== undefined) message = body.description;
  else {
    issue ??= err === undefined ? 'unrecognized' : undefined;
    message = `HTTP ${status}`;
  }
  const secrets = secretsOf(opts);
  const fields = err?.fields === undefined ? undefined : scrubFields(err.fields, secrets);
  const code = typeof err?.code === 'string' ? scrub(err.code, secrets) : err?.code;
  return {
    kind: 'http',
    sent: true,
    status,
    code,
    message: clip(scrub(message.length > SCRUB_CHARS ? message.slice(0, SCRUB_CHARS) : message, secrets)),
    fields,
    retryAfterMs: retryAfterFromHeaders(headers, opts.now, opts.maxRetryAfterMs),
    headers: keptHeaders(headers),
    ...(issue === undefined ? {} : { bodyIssue: issue }),
  };
}

function scrubFields(fields: Readonly<Record<string, string>>, secrets: readonly string[]): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) Object.defineProperty(out, scrub(k, secrets), { value: scrub(v, secrets), enumerable: true, writable: true, configurable: true });
  return out;
}

interface ErrorLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly name?: unknown;
  readonly response?: { readonly status?: unknown; readonly headers?: unknown; readonly data?: unknown } | undefined;
  readonly cause?: { readonly syscall?: unknown; readonly code?: unknown } | undefined;
  readonly syscall?: unknown;
}

/**
 * A failure from anything an axios call rejected with: an AxiosError with or without a response,
 * a CanceledError, a Node system error, or something stranger (a non-Error thrown by an interceptor).
 * Never throws.
 */
export function failureFromError(error: unknown, dialect: Dialect, opts: NormalizeOptions): Failure {
  try {
    const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
    const status = e.response?.status;
    if (typeof status === 'number') return failureFromResponse(status, e.response?.headers, e.response?.data, dialect, opts);
    const message = typeof e.message === 'string' && e.message !== '' ? e.message : textOf(error);
    const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
    const syscall = typeof e.cause?.syscall === 'string' ? e.cause.syscall : typeof e.syscall === 'string' ? e.syscall : undefined;
    const cancelled = e.name === 'CanceledError' || e.name === 'AbortError' || code === 'ERR_CANCELED';
    const t = classifyTransport(cancelled ? 'ERR_CANCELED' : code, message, syscall);
    const full = code && !message.includes(code) ? `${code}: ${message}` : message;
    const shown = scrub(full.length > SCRUB_CHARS ? full.slice(0, SCRUB_CHARS) : full, secretsOf(opts));
    return { kind: t.kind, sent: t.sent, message: clip(shown), errorCode: code };
  } catch {
    return { kind: 'network', sent: true, message: 'an error that could not be read' };
  }
}
