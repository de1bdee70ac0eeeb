/**
 * Secrets never leave: credential headers, URL userinfo, secret query parameters and body fields, and the secret
 * values a request carried (2FA codes, API keys) are replaced before anything is put in an error, event, history or
 * journal. This file is the one list of what counts as a credential.
 * @module
 */
import { headerEntries } from './headers.js';
import { textOf } from './show.js';

/** The replacement text. */
export const REDACTED = '[redacted]';

/**
 * Header names that carry secrets: any name containing key, secret, sign (signature), token, passphrase, auth
 * (Authorization), cookie, password, session, credential, or a 2FA code (otp, 2fa). Covers OKX `OK-ACCESS-KEY`,
 * `-SIGN`, `-PASSPHRASE`; Gate `KEY`, `SIGN`; Binance `X-MBX-APIKEY`; Bybit `X-BAPI-API-KEY`, `X-BAPI-SIGN`;
 * Orderly `orderly-key`, `orderly-signature`; `Authorization`, `Cookie`, `Set-Cookie`.
 */
const SECRET_HEADER = /key|secret|sign|token|passphrase|auth|cookie|passw|session|credential|otp|2fa/i;
/** Header names kept although they match: an idempotency key is an operation id (shown anyway), not a credential. */
const PUBLIC_HEADER = /^(x-)?idempotency-key$/i;
/** Secret headers that name the account (the same on every request of one account): API keys, bearer tokens. */
const ACCOUNT_HEADER = /(^|[-_])(api[-_]?)?key$|apikey|access[-_]?key|authorization|token$/i;
/** Secret headers that change on every request or are not an identity: signatures, codes, timestamps. */
const PER_REQUEST = /sign|otp|2fa|nonce|timestamp|idempotency/i;
/** Body and query field names that carry secrets. */
const SECRET_FIELD =
  /secret|signature|^(x[-_])?sign$|[-_.]sign$|passw|passphrase|api[-_]?key|apikey|access[-_]?key|private[-_]?key|^key$|token|^auth($|[-_])|authorization|credential|cookie|session|code2fa|^otp|otp$|2fa|totp|mnemonic|seed[-_]?phrase/i;

/** True when a header of this name must be redacted. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name) && !PUBLIC_HEADER.test(name);
}

/**
 * True when a header of this name identifies the account (an API key, a bearer token): what the default limiter
 * key hashes so two accounts on one API never throttle each other. Signatures and codes, which change on every
 * request, are secret but never an identity.
 */
export function isAccountHeader(name: string): boolean {
  return isSecretHeader(name) && ACCOUNT_HEADER.test(name) && !PER_REQUEST.test(name);
}

/** True when a body or query field of this name must be redacted. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** Longest header value kept; more headers than `MAX_HEADERS` are cut. */
const MAX_HEADER_CHARS = 1024;
const MAX_HEADERS = 100;

/**
 * Headers (AxiosHeaders or plain) → a plain record of strings with secrets replaced, at most 100 headers of at
 * most 1 KiB each (a cut is marked). Never throws.
 */
export function redactHeaders(headers: unknown, lowerCase = false): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of headerEntries(headers)) {
    if (v === undefined || v === null || typeof v === 'function' || typeof v === 'symbol') continue;
    if (typeof v === 'object' && !Array.isArray(v)) continue;
    if (++n > MAX_HEADERS) {
      out['…'] = '[cut: more headers]';
      break;
    }
    const name = lowerCase ? k.toLowerCase() : k;
    out[name] = isSecretHeader(k) ? REDACTED : cutText(headerText(v), MAX_HEADER_CHARS);
  }
  return out;
}

/** A header value as text (arrays joined), never throwing. */
export function headerText(v: unknown): string {
  try {
    return Array.isArray(v) ? v.map(textOf).join(', ') : textOf(v);
  } catch {
    return '[unreadable value]'; // an array whose elements cannot be read
  }
}

/** `s` cut at `max` characters, the cut marked. */
export function cutText(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…[cut: ${s.length} characters in all]` : s;
}

/** Secrets shorter than this are not scrubbed from text (they would match by chance). */
const MIN_SECRET = 4;

/** Replaces every occurrence of each secret in `text`, and any URL userinfo (for messages that might echo them). */
export function scrub(text: string, secrets: readonly string[]): string {
  let t = text.includes('@') ? text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, `$1${REDACTED}@`) : text;
  for (const s of secrets) if (s.length >= MIN_SECRET && t.includes(s)) t = t.split(s).join(REDACTED);
  return t;
}

/** The values of secret headers (and the token after an auth scheme such as `Bearer`). */
export function headerSecrets(headers: unknown): string[] {
  const out: string[] = [];
  for (const [k, v] of headerEntries(headers)) {
    if ((typeof v !== 'string' && typeof v !== 'number') || !isSecretHeader(k)) continue;
    const s = String(v);
    out.push(s);
    const sp = s.indexOf(' ');
    if (sp > 0) out.push(s.slice(sp + 1).trim());
  }
  return out;
}
