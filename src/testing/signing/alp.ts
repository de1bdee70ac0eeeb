/**
 * ALP.COM v3 request signatures: `X-SIGN` = HMAC-SHA256 of the request body under the API secret, for POST and
 * DELETE (ALPCOMDEV/alp-api-docs, source/index.html.md, "POST/DELETE Method Signature (X-SIGN Header)"). The
 * docs do not name the encoding; ALP's own client sends the hex digest of the prepared body bytes
 * (ALPCOMDEV/alp-api-python, alpcom_api/clients.py, `_make_sign`). The digest is checked over the exact bytes
 * received: a client that signs one serialization and sends another is refused. ALP signs no timestamp, so there
 * is no signature window.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict } from '../types.js';

/** The hex HMAC-SHA256 of `raw` under `secret`: the `X-SIGN` header value. */
export function alpSignature(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

/** Checks the `X-SIGN` header value against the raw body bytes (hex, either case). */
export function checkAlpSignature(secret: string, raw: Buffer, header: string | undefined): SignatureVerdict {
  if (header === undefined || header.trim() === '') return 'missing';
  const expected = Buffer.from(alpSignature(secret, raw), 'utf8');
  const given = Buffer.from(header.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'invalid';
}
