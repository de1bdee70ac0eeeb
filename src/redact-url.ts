/**
 * URLs as shown in errors, events and the journal: userinfo replaced, secret query parameters replaced (parsed, the
 * other pairs kept byte for byte), cut at 2 KiB. Never throws.
 * @module
 */
import { cutText, headerText, isSecretField, REDACTED } from './redact.js';

/** Where the authority of an absolute URL starts (after `scheme:` and its slashes), or -1 for a relative one. */
function authorityStart(url: string): number {
  const m = /^[\x00-\x20]*(?:[a-z][a-z0-9+.-]*:)?[\\/]*/i.exec(url);
  const head = m?.[0] ?? '';
  const hasScheme = /^[\x00-\x20]*[a-z][a-z0-9+.-]*:/i.test(url);
  const slashes = /[\\/]{2}$/.test(head);
  return hasScheme || slashes ? head.length : -1;
}

/** The URL with any userinfo (`user:password@`) replaced by `[redacted]@`. */
export function stripUserinfo(url: string): string {
  if (!url.includes('@')) return url;
  const u = url.replace(/[\t\n\r]/g, ''); // as the WHATWG parser axios uses does
  const a = authorityStart(u);
  if (a >= 0) {
    let end = a;
    while (end < u.length && !'/\\?#'.includes(u[end]!)) end++;
    const at = u.lastIndexOf('@', end - 1);
    if (at >= a) return `${u.slice(0, a)}${REDACTED}@${u.slice(at + 1)}`;
  }
  try {
    const parsed = new URL(u); // the parser's word, for shapes the scan above does not know
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = '';
      parsed.password = '';
      return parsed.href.replace('//', `//${REDACTED}@`);
    }
  } catch {
    // relative: no userinfo
  }
  return url;
}

/** A query string (without `?`) with secret parameters' values replaced; other pairs kept byte for byte. */
export function redactQueryString(qs: string): string {
  if (!qs.includes('=')) return qs;
  return qs
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const raw = pair.slice(0, eq);
      const name = /[%+]/.test(raw) ? (new URLSearchParams(pair).keys().next().value ?? '') : raw;
      return isSecretField(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/** Longest URL kept in errors, events and the journal. */
const MAX_URL_CHARS = 2048;

/** A URL as shown: userinfo and secret query parameters replaced, cut at 2 KiB (marked). Never throws. */
export function redactUrl(url: unknown): string {
  const text = typeof url === 'string' ? url : url === undefined || url === null ? '' : headerText(url);
  const u = stripUserinfo(text);
  const q = u.indexOf('?');
  if (q < 0) return cutText(u, MAX_URL_CHARS);
  const h = u.indexOf('#', q);
  const query = h < 0 ? u.slice(q + 1) : u.slice(q + 1, h);
  return cutText(`${u.slice(0, q + 1)}${redactQueryString(query)}${h < 0 ? '' : u.slice(h)}`, MAX_URL_CHARS);
}

/** A URL without its query string and fragment, for messages. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

/** The secrets a URL carries: its userinfo's name and password, raw and decoded. */
export function userinfoSecrets(url: unknown): string[] {
  if (typeof url !== 'string' || !url.includes('@')) return [];
  const out: string[] = [];
  try {
    const u = new URL(url.replace(/[\t\n\r]/g, ''));
    for (const part of [u.username, u.password]) {
      if (part === '') continue;
      out.push(part);
      try {
        const decoded = decodeURIComponent(part);
        if (decoded !== part) out.push(decoded);
      } catch {
        // keep the raw form only
      }
    }
  } catch {
    // relative: none
  }
  return out;
}

