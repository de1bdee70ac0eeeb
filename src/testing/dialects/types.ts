/**
 * What a dialect is: how one API words its error and success answers.
 * @module
 */
import type { DialectName } from '../types.js';

/** The situations the simulator answers with an error. */
export type ErrorKind =
  | 'internal'
  | 'unavailable'
  | 'overload'
  | 'rateLimited'
  | 'gatewayTimeout'
  | 'backendTimeout'
  | 'ipBanned'
  | 'require2fa'
  | 'invalid2fa'
  | 'notFound'
  | 'routeNotFound'
  | 'methodNotAllowed'
  | 'malformedJson'
  | 'badRequest'
  | 'validation'
  | 'duplicate'
  | 'missingApiKey'
  | 'missingSignature'
  | 'invalidSignature'
  | 'staleTimestamp';

/** An error answer: HTTP status and JSON body. */
export interface ErrorReply {
  status: number;
  body: unknown;
}

/** Optional details of an error answer. */
export interface ErrorDetail {
  /** Overrides the default message. */
  message?: string;
  /** Per-field validation errors (ALP `VALIDATION_ERROR`). */
  fields?: Record<string, string>;
  /** Overrides the HTTP status (Binance's −1007 status is configurable). */
  status?: number;
  /** Overrides the body code (Binance answers several situations with −1102 and a specific message). */
  code?: number | string;
  /** OKX: the `clOrdId` a per-order refusal names (`data[0].clOrdId`). */
  clientOrderId?: string;
}

/** How one dialect words its answers. */
export interface DialectSpec {
  /** The dialect. */
  readonly name: DialectName;
  /** The error answer for `kind`. */
  error(kind: ErrorKind, detail?: ErrorDetail): ErrorReply;
  /** Wraps a success payload the way the API does. */
  ok(data: unknown, now: number): unknown;
}

/** `[status, code, message]` per error kind. */
export type Table<C> = Readonly<Record<ErrorKind, readonly [number, C, string]>>;
