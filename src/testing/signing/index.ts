/**
 * Which requests a signing simulator checks, and how: one verifier per dialect, chosen from
 * {@link SigningOptions}.
 * @module
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { ErrorDetail, ErrorKind } from '../dialects/index.js';
import type { SigningOptions, SimulatorCredentials } from '../config-types.js';
import type { DialectName, RouteName, SignatureVerdict } from '../types.js';
import { checkAlpSignature } from './alp.js';
import { BINANCE_RECV_WINDOW_MS, checkBinanceSignature } from './binance.js';
import { acceptedOrderlyKeys, checkOrderlySignature, generateOrderlyKeyPair, ORDERLY_WINDOW_MS } from './orderly.js';

/** A resolved signing configuration. */
export type Signer =
  | { scheme: 'alp-hmac'; secret: string }
  | { scheme: 'orderly-ed25519'; keys: ReadonlyMap<string, KeyObject>; windowMs: number }
  | { scheme: 'binance-hmac'; secret: string; windowMs: number };

/** The request as the verifier sees it. */
export interface SignedRequest {
  method: string;
  route: RouteName;
  /** The request target as sent (path and query string). */
  target: string;
  headers: Record<string, string>;
  raw: Buffer;
  now: number;
}

/** A refusal: the verdict for the ledger and the dialect's answer. */
export interface Refusal {
  verdict: Exclude<SignatureVerdict, 'ok'>;
  kind: ErrorKind;
  detail?: ErrorDetail;
}

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function secretOf(name: string, value: unknown): string {
  if (value === undefined) return randomBytes(24).toString('hex');
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

/**
 * Resolves the signing options of `dialect` (`apiSecret` is ALP's older spelling of `signing.secret`). Throws a
 * `TypeError`/`RangeError` naming the option for a dialect that signs nothing or a bad value.
 */
export function resolveSigning(
  dialect: DialectName,
  signing: SigningOptions | undefined,
  apiSecret: string | undefined,
): { signer: Signer; credentials: SimulatorCredentials } | undefined {
  if (apiSecret !== undefined && dialect !== 'alp') {
    throw new TypeError(`apiSecret (X-SIGN signatures) applies to the alp dialect only, not ${dialect}`);
  }
  if (signing === undefined && apiSecret === undefined) return undefined;
  if (signing !== undefined && (signing === null || typeof signing !== 'object')) throw new TypeError('signing must be an object');
  const opts = signing ?? {};
  switch (dialect) {
    case 'alp': {
      if (opts.windowMs !== undefined) throw new TypeError('signing.windowMs does not apply to alp: ALP signs no timestamp');
      if (opts.publicKeys !== undefined) throw new TypeError('signing.publicKeys applies to the orderly dialect only');
      if (apiSecret !== undefined && opts.secret !== undefined) throw new TypeError('give apiSecret or signing.secret, not both');
      const secret = secretOf(apiSecret !== undefined ? 'apiSecret' : 'signing.secret', apiSecret ?? opts.secret);
      return { signer: { scheme: 'alp-hmac', secret }, credentials: { scheme: 'alp-hmac', key: undefined, secret, windowMs: undefined } };
    }
    case 'orderly': {
      if (opts.secret !== undefined) throw new TypeError('signing.secret does not apply to orderly: give signing.publicKeys');
      const windowMs = opts.windowMs === undefined ? ORDERLY_WINDOW_MS : positive('signing.windowMs', opts.windowMs);
      if (opts.publicKeys !== undefined && (!Array.isArray(opts.publicKeys) || opts.publicKeys.length === 0)) {
        throw new TypeError('signing.publicKeys must be a non-empty array of ed25519:<base58> keys');
      }
      const pair = opts.publicKeys === undefined ? generateOrderlyKeyPair() : undefined;
      const keys = acceptedOrderlyKeys(opts.publicKeys ?? [pair!.key]);
      const key = pair?.key ?? opts.publicKeys![0]!;
      return {
        signer: { scheme: 'orderly-ed25519', keys, windowMs },
        credentials: { scheme: 'orderly-ed25519', key, secret: pair?.secret, windowMs },
      };
    }
    case 'binance': {
      if (opts.publicKeys !== undefined) throw new TypeError('signing.publicKeys applies to the orderly dialect only');
      const windowMs = opts.windowMs === undefined ? BINANCE_RECV_WINDOW_MS : positive('signing.windowMs', opts.windowMs);
      const secret = secretOf('signing.secret', opts.secret);
      return {
        signer: { scheme: 'binance-hmac', secret, windowMs },
        credentials: { scheme: 'binance-hmac', key: 'sim-api-key', secret, windowMs },
      };
    }
    case 'infinex':
    case 'batchdata':
      throw new TypeError(`signing does not apply to ${dialect}: it authenticates with a static bearer key`);
    case 'bybit':
    case 'okx':
      throw new TypeError(`signing is not simulated for ${dialect} (supported: alp, orderly, binance)`);
  }
}

/** Whether the route needs a signature: ALP signs POST/DELETE; Orderly every private route; Binance every SIGNED one. */
function demands(signer: Signer, req: SignedRequest): boolean {
  switch (signer.scheme) {
    case 'alp-hmac':
      return req.method === 'POST' || req.method === 'DELETE';
    case 'orderly-ed25519':
    case 'binance-hmac':
      return req.route !== 'ticker';
  }
}

/** Checks `req`: `undefined` when no signature is demanded, else the verdict and, for a refusal, the answer. */
export function checkSignature(signer: Signer, req: SignedRequest): { verdict: 'ok' } | Refusal | undefined {
  if (!demands(signer, req)) return undefined;
  switch (signer.scheme) {
    case 'alp-hmac': {
      const verdict = checkAlpSignature(signer.secret, req.raw, req.headers['x-sign']);
      if (verdict === 'ok') return { verdict };
      return { verdict: verdict === 'missing' ? 'missing' : 'invalid', kind: verdict === 'missing' ? 'missingSignature' : 'invalidSignature' };
    }
    case 'orderly-ed25519': {
      const path = req.target.startsWith('/') ? req.target : `/${req.target}`;
      const check = checkOrderlySignature(signer.keys, req.headers, { method: req.method, path, body: req.raw }, req.now, signer.windowMs);
      if (check.verdict === 'ok') return { verdict: 'ok' };
      const kind: ErrorKind = check.verdict === 'expired' ? 'staleTimestamp' : check.verdict === 'missing' ? 'missingSignature' : 'invalidSignature';
      return { verdict: check.verdict, kind, detail: { message: check.reason } };
    }
    case 'binance-hmac': {
      if (!req.headers['x-mbx-apikey']) return { verdict: 'missing', kind: 'missingApiKey' };
      const q = req.target.indexOf('?');
      const rawQuery = q === -1 ? '' : req.target.slice(q + 1);
      const check = checkBinanceSignature(signer.secret, rawQuery, req.raw.toString('utf8'), req.now, signer.windowMs);
      if (check.verdict === 'ok') return { verdict: 'ok' };
      const kind: ErrorKind = check.code === -1021 ? 'staleTimestamp' : check.code === -1022 ? 'invalidSignature' : 'badRequest';
      return { verdict: check.verdict, kind, detail: { ...(check.code === undefined ? {} : { code: check.code }), ...(check.msg === undefined ? {} : { message: check.msg }) } };
    }
  }
}
