/**
 * A dialect reads one API's error body.
 * @module
 */
import { boundedJson, CUT_KEY, setOwn } from '../bounded.js';
import { clip } from '../failure/body.js';
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

/**
 * How to read one API's error payloads. Pure functions of the parsed body. Bodies are hostile: any depth, size,
 * type (use `isRecord`, `str`, `normalizeCode`, `fieldMap`, which bound what they keep). A reader that throws is
 * caught: the failure is then described as an unreadable body and classified by status and method.
 */
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

/** Longest API code kept (codes are slugs or numbers; a longer one is cut and marked). */
const MAX_CODE_CHARS = 200;

/** A code as the API means it: integer strings (`"-1011"`) become numbers; other types are dropped. */
export function normalizeCode(code: unknown): ApiCode | undefined {
  if (typeof code === 'number') return Number.isFinite(code) ? code : undefined;
  if (typeof code !== 'string') return undefined;
  const t = (code.length > MAX_CODE_CHARS * 2 ? code.slice(0, MAX_CODE_CHARS * 2) : code).trim();
  if (t === '') return undefined;
  if (/^-?\d{1,15}$/.test(t)) return Number(t);
  return t.length > MAX_CODE_CHARS ? `${t.slice(0, MAX_CODE_CHARS - 1)}…` : t;
}

/** A string field, or undefined. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** Most fields kept in a `fields` map; more are cut, marked under the key `…`. */
export const MAX_FIELDS = 50;
const MAX_FIELD_NAME_CHARS = 100;

/**
 * A `{ field: message }` map with string values only: at most 50 fields, messages cut at 300 characters, other
 * values as bounded JSON text (any depth, never a stack overflow). Never throws.
 */
export function fieldMap(x: unknown): Record<string, string> | undefined {
  if (!isRecord(x)) return undefined;
  const out: Record<string, string> = {};
  let n = 0;
  try {
    const keys = Object.keys(x);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = x[k];
      if (v === undefined || v === null) continue;
      if (k === CUT_KEY && typeof v === 'string') {
        out[k] = v; // a map already cut (fieldMap of a fieldMap changes nothing)
        continue;
      }
      if (n >= MAX_FIELDS) {
        setOwn(out, CUT_KEY, `[cut: ${keys.length - i} more fields]`);
        break;
      }
      const name = k.length > MAX_FIELD_NAME_CHARS ? `${k.slice(0, MAX_FIELD_NAME_CHARS - 1)}…` : k;
      setOwn(out, name, typeof v === 'string' ? clip(v) : boundedJson(v));
      n++;
    }
  } catch {
    // a getter that throws: keep what was read
  }
  return n > 0 ? out : undefined;
}
