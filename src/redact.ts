/**
 * Secrets never leave: headers, body fields and query parameters that may hold credentials,
 * signatures or 2FA codes are replaced before anything is put in an error, event, history or journal.
 * @module
 */
import { headerEntries } from './headers.js';

/** The replacement text. */
export const REDACTED = '[redacted]';

/** Header names that carry secrets. */
const SECRET_HEADER = /authorization|cookie|api[-_]?key|apikey|secret|signature|sign$|^x-sign|token|passphrase|otp|2fa|^orderly-key$|^x-mbx-apikey$/i;
/** Body and query field names that carry secrets. */
const SECRET_FIELD = /secret|signature|^sign$|^x-sign$|password|passphrase|api[-_]?key|apikey|token|code2fa|^otp|2fa|totp|private[-_]?key/i;

/** True when a header of this name must be redacted. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/** True when a body or query field of this name must be redacted. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** Request headers (AxiosHeaders or plain) → a plain record with secrets replaced. */
export function redactHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headerEntries(headers)) {
    if (v === undefined || v === null || typeof v === 'object' || typeof v === 'function') continue;
    out[k] = isSecretHeader(k) ? REDACTED : String(v);
  }
  return out;
}

/** A JSON-ish value with secret fields replaced (depth-limited; strings that are JSON objects too). */
export function redactData(data: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof data === 'string') {
    const t = data.trimStart();
    if ((t.startsWith('{') || t.startsWith('[')) && data.length <= 1 << 20) {
      try {
        return JSON.stringify(redactData(JSON.parse(data) as unknown, depth + 1));
      } catch {
        return data;
      }
    }
    if (data.includes('=') && !data.includes(' ')) return redactQueryString(data);
    return data;
  }
  if (Array.isArray(data)) return data.map((x) => redactData(x, depth + 1));
  if (typeof data === 'object' && data !== null) {
    if (data instanceof URLSearchParams) return redactQueryString(data.toString());
    if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return `[binary body]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = isSecretField(k) ? REDACTED : redactData(v, depth + 1);
    return out;
  }
  return data;
}

function redactQueryString(qs: string): string {
  return qs
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return isSecretField(decodeURIComponent(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/** A URL with secret query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q + 1)}${redactQueryString(url.slice(q + 1))}`;
}

/** A URL without its query string, for messages. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Replaces every occurrence of each secret in `text` (for messages that might echo them). */
export function scrub(text: string, secrets: readonly string[]): string {
  let t = text;
  for (const s of secrets) if (s.length >= 4) t = t.split(s).join(REDACTED);
  return t;
}
