/**
 * axios outcome → `Failure`. Pure: the clock is a parameter; nothing is thrown.
 * @module
 */
import type { Dialect } from '../dialects/types.js';
import { headerEntries } from '../headers.js';
import { clip, readBody } from './body.js';
import { classifyTransport } from './network.js';
import { retryAfterFromHeaders } from './retry-after.js';
import type { Failure } from './types.js';

/** Options of normalization. */
export interface NormalizeOptions {
  readonly now: number;
  readonly maxRetryAfterMs?: number | undefined;
}

/** Response headers (AxiosHeaders or a plain object) as a plain lower-cased record of strings. */
export function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headerEntries(headers)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
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
  const err = body.json !== undefined ? dialect.readError(body.json) : undefined;
  const message = err?.message !== undefined ? clip(err.message) : body.description ?? `HTTP ${status}`;
  return {
    kind: 'http',
    sent: true,
    status,
    code: err?.code,
    message,
    fields: err?.fields,
    retryAfterMs: retryAfterFromHeaders(headers, opts.now, opts.maxRetryAfterMs),
    headers,
  };
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
 */
export function failureFromError(error: unknown, dialect: Dialect, opts: NormalizeOptions): Failure {
  const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
  const status = e.response?.status;
  if (typeof status === 'number') return failureFromResponse(status, e.response?.headers, e.response?.data, dialect, opts);
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const syscall = typeof e.cause?.syscall === 'string' ? e.cause.syscall : typeof e.syscall === 'string' ? e.syscall : undefined;
  const cancelled = e.name === 'CanceledError' || e.name === 'AbortError' || code === 'ERR_CANCELED';
  const t = classifyTransport(cancelled ? 'ERR_CANCELED' : code, message, syscall);
  return { kind: t.kind, sent: t.sent, message: clip(code && !message.includes(code) ? `${code}: ${message}` : message), errorCode: code };
}
