/**
 * The client's intent: the identity the ledger counts effects by.
 * @module
 */
import type { RouteName } from './types.js';

/** JSON with object keys sorted recursively, so equal values always serialize to the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** `body` without its `code2FA` field (bodies that are not plain objects are returned as they are). */
export function withoutCode2FA(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { code2FA: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * The intent of a request: the value of `body[intentKey]` when that is a non-empty string or a number, else the
 * canonical JSON of `{ method, route, body }` with `code2FA` removed from the body.
 */
export function intentOf(method: string, route: RouteName, body: unknown, intentKey: string | undefined): string {
  if (intentKey !== undefined && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const value = (body as Record<string, unknown>)[intentKey];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
  }
  return canonicalJson({ method: method.toUpperCase(), route, body: withoutCode2FA(body) });
}
