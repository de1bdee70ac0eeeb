/**
 * A dialect reads one API's error body.
 * @module
 */
import type { ApiCode } from '../failure/types.js';

/** What a dialect found in an error body. Every field optional: bodies lie. */
export interface ErrorBody {
  /** The API's own error code. */
  readonly code?: ApiCode | undefined;
  /** The API's error message. */
  readonly message?: string | undefined;
  /** Per-field validation errors, as `{ field: message }`. */
  readonly fields?: Readonly<Record<string, string>> | undefined;
}

/** How to read one API's error payloads. Pure functions of the parsed body. */
export interface Dialect {
  /** A short name: `infinex`, `batchdata`, `alp`, `orderly`, `generic`. */
  readonly name: string;
  /** The API's error inside a parsed JSON body, or `undefined` when the body is not of this shape. */
  readError(body: unknown): ErrorBody | undefined;
  /** True when a 2xx body is really an error (Orderly `success:false`). Absent: 2xx is success. */
  isErrorBody?(body: unknown): boolean;
}

/** `x` is a plain, non-array object. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A code as the API means it: integer strings (`"-1011"`) become numbers; other types are dropped. */
export function normalizeCode(code: unknown): ApiCode | undefined {
  if (typeof code === 'number') return Number.isFinite(code) ? code : undefined;
  if (typeof code !== 'string') return undefined;
  const t = code.trim();
  if (t === '') return undefined;
  return /^-?\d{1,15}$/.test(t) ? Number(t) : t;
}

/** A string field, or undefined. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** A `{ field: message }` map with string values only. */
export function fieldMap(x: unknown): Record<string, string> | undefined {
  if (!isRecord(x)) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(x)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    any = true;
  }
  return any ? out : undefined;
}
