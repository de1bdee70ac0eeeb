/**
 * The fields a request sent, read back from the redacted request summary a verify hook is given: its body (an
 * object, JSON text or form text), its params and its URL's query string.
 * @module
 */
import type { RequestSummary } from '../errors.js';
import { isPlainObject } from '../plain.js';

function fromText(text: string): Record<string, unknown> {
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      return isPlainObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  if (!t.includes('=')) return out;
  for (const [k, v] of new URLSearchParams(t)) if (!(k in out)) out[k] = v;
  return out;
}

function fromBody(data: unknown): Record<string, unknown> {
  if (isPlainObject(data)) return data;
  if (typeof data === 'string') return fromText(data);
  if (data instanceof URLSearchParams) return fromText(data.toString());
  return {};
}

/** Every field sent, body first; params and the URL's query add the fields the body does not have. */
export function sentFields(req: RequestSummary | undefined): Record<string, unknown> {
  if (req === undefined || req === null) return {};
  const out: Record<string, unknown> = { ...fromBody(req.data) };
  const add = (rec: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(rec)) if (!(k in out)) out[k] = v;
  };
  if (isPlainObject(req.params)) add(req.params);
  const url = typeof req.url === 'string' ? req.url : '';
  const q = url.indexOf('?');
  if (q >= 0) add(fromText(url.slice(q + 1)));
  return out;
}

/** A sent field as text (`undefined` when absent or not a string/number). */
export function sentText(fields: Record<string, unknown>, name: string): string | undefined {
  const v = fields[name];
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** Two decimal values are equal (`"0.10"` and `0.1`); `undefined` when either is not a number. */
export function sameNumber(a: unknown, b: unknown): boolean | undefined {
  const x = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : Number.NaN;
  const y = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : Number.NaN;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
