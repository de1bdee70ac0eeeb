/**
 * ALP request signatures: `X-SIGN` = hex HMAC-SHA256(apiSecret, raw body bytes).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The answer of {@link checkAlpSignature}. */
export type SignatureCheck = 'ok' | 'missing' | 'invalid';

/** The hex HMAC-SHA256 of `raw` under `secret`. */
export function alpSignature(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

/** Checks the `X-SIGN` header value against the raw body bytes. */
export function checkAlpSignature(secret: string, raw: Buffer, header: string | undefined): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const expected = Buffer.from(alpSignature(secret, raw), 'utf8');
  const given = Buffer.from(header.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'invalid';
}
