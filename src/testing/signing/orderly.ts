/**
 * Orderly request signatures (https://orderly.network/docs/build-on-omnichain/api-authentication):
 * the message is `timestamp + METHOD + path?query + body` (timestamp in ms, the path with its query string as
 * sent, the JSON body as sent), signed with the account's ed25519 Orderly key, the signature base64url-encoded.
 * Headers: `orderly-account-id`, `orderly-key` (`ed25519:<base58 public key>`), `orderly-timestamp`,
 * `orderly-signature`. "The request would be considered expired and get rejected if the timestamp in
 * orderly-timestamp header has 300+ seconds difference from the API server time" (same page, "three-layer
 * checker"). Node's built-in ed25519 does the cryptography.
 * @module
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { SignatureVerdict } from '../types.js';
import { base58Decode, base58Encode } from './base58.js';

/** The documented window: 300 s either side of the server clock. */
export const ORDERLY_WINDOW_MS = 300_000;

const PREFIX = 'ed25519:';
/** PKCS#8 DER header of a raw 32-byte ed25519 seed (RFC 8410). */
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Orderly key pair in the API's text form. */
export interface OrderlyKeyPair {
  /** The `orderly-key` header value: `ed25519:<base58 of the 32-byte public key>`. */
  key: string;
  /** The secret: `ed25519:<base58 of the 32-byte private seed>`. */
  secret: string;
}

const strip = (text: string): string => (text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text);

/** Generates an Orderly key pair. */
export function generateOrderlyKeyPair(): OrderlyKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
  const d = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
  return { key: PREFIX + base58Encode(x), secret: PREFIX + base58Encode(d) };
}

/** The public key named by an `orderly-key` value (with or without the `ed25519:` prefix), or `undefined`. */
export function orderlyPublicKey(key: string): KeyObject | undefined {
  const raw = base58Decode(strip(key.trim()));
  if (raw?.length !== 32) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** The normalized message Orderly signs. */
export function orderlyMessage(timestamp: number | string, method: string, pathWithQuery: string, body: string): string {
  return `${timestamp}${method.toUpperCase()}${pathWithQuery}${body}`;
}

/** Signs `message` with an Orderly secret (`ed25519:<base58 seed>`); returns the base64url signature. */
export function orderlySignature(secret: string, message: string): string {
  const seed = base58Decode(strip(secret.trim()));
  if (seed?.length !== 32) throw new TypeError('an Orderly secret must be ed25519:<base58 of 32 bytes>');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(message, 'utf8'), key).toString('base64url');
}

/** What {@link orderlyHeaders} signs. */
export interface OrderlyRequest {
  /** HTTP method. */
  method: string;
  /** Path and query string exactly as sent, e.g. `/v1/orders?symbol=PERP_BTC_USDC`. */
  path: string;
  /** The body exactly as sent (`''` for none). */
  body?: string;
  /** Milliseconds since the epoch. @default Date.now() */
  timestamp?: number;
}

/**
 * The four authentication headers of one Orderly request.
 *
 * @example
 * const body = JSON.stringify(order);
 * const headers = orderlyHeaders({ key, secret }, 'acct-1', { method: 'POST', path: '/v1/order', body });
 */
export function orderlyHeaders(pair: OrderlyKeyPair, accountId: string, req: OrderlyRequest): Record<string, string> {
  const timestamp = req.timestamp ?? Date.now();
  return {
    'orderly-account-id': accountId,
    'orderly-key': pair.key,
    'orderly-timestamp': String(timestamp),
    'orderly-signature': orderlySignature(pair.secret, orderlyMessage(timestamp, req.method, req.path, req.body ?? '')),
  };
}

/** The verdict of {@link checkOrderlySignature} and, for a refusal, why. */
export interface OrderlyCheck {
  verdict: SignatureVerdict;
  /** Why, for the error message. */
  reason: string;
}

/** Verifies one request's Orderly headers against the accepted keys, the server clock and the window. */
export function checkOrderlySignature(
  accepted: ReadonlyMap<string, KeyObject>,
  headers: Record<string, string>,
  req: { method: string; path: string; body: Buffer },
  now: number,
  windowMs: number,
): OrderlyCheck {
  const key = headers['orderly-key'];
  const ts = headers['orderly-timestamp'];
  const sig = headers['orderly-signature'];
  if (!key || !ts || !sig || !headers['orderly-account-id']) {
    return { verdict: 'missing', reason: 'orderly-account-id, orderly-key, orderly-timestamp and orderly-signature are required' };
  }
  if (!/^\d+$/.test(ts.trim())) return { verdict: 'invalid', reason: 'orderly-timestamp must be milliseconds since the epoch' };
  if (Math.abs(now - Number(ts)) > windowMs) {
    return { verdict: 'expired', reason: `orderly-timestamp ${ts} is more than ${windowMs / 1000} s from the server time` };
  }
  const publicKey = accepted.get(strip(key.trim()));
  if (publicKey === undefined) return { verdict: 'invalid', reason: 'orderly-key is not registered for this account' };
  const signature = Buffer.from(sig.trim(), 'base64url');
  const message = Buffer.concat([Buffer.from(`${ts.trim()}${req.method.toUpperCase()}${req.path}`, 'utf8'), req.body]);
  const ok = signature.length === 64 && verify(null, message, publicKey, signature);
  return ok ? { verdict: 'ok', reason: '' } : { verdict: 'invalid', reason: 'orderly-signature does not match the request' };
}

/** Parses accepted `orderly-key` values into a map from base58 text to public key; throws a `TypeError` naming a bad one. */
export function acceptedOrderlyKeys(keys: readonly string[]): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  for (const key of keys) {
    const publicKey = typeof key === 'string' ? orderlyPublicKey(key) : undefined;
    if (publicKey === undefined) throw new TypeError(`signing.publicKeys: "${String(key)}" is not ed25519:<base58 of 32 bytes>`);
    out.set(strip(key.trim()), publicKey);
  }
  return out;
}
