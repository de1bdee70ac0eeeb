/**
 * The default ladder (DESIGN.md §1), as data. Profiles' and users' rules come before it.
 * @module
 */
import type { DeclarativeRule } from './types.js';

/** The rules every profile ends with. The last one always matches. */
export const defaultLadder: readonly DeclarativeRule[] = Object.freeze([
  { kind: 'cancelled', action: 'fail', reason: 'the request was cancelled' },
  { status: 429, action: 'throttle', reason: 'HTTP 429: the server asks everyone sharing this limit to slow down' },
  { status: 511, action: 'otp', reason: 'HTTP 511: a two-factor code is required; the identical request must be repeated with it' },
  { status: [401, 403], otpSent: true, action: 'otp', reason: 'the 2FA code sent with this request was refused' },
  { kind: ['network', 'timeout'], sent: false, action: 'retry', reason: 'the request never reached the server' },
  { status: [500, 503], action: 'retry', reason: 'the server failed or is unavailable; a later try may succeed' },
  { status: [502, 504], safe: true, action: 'retry', reason: 'gateway error on a request that is safe to repeat' },
  { status: [502, 504], safe: false, action: 'verify', reason: 'gateway error on a request that is not safe to repeat: it may have been applied' },
  { kind: ['network', 'timeout'], safe: true, action: 'retry', reason: 'no answer to a request that is safe to repeat' },
  { kind: ['network', 'timeout'], safe: false, action: 'verify', reason: 'no answer after the request may have reached the server: it may have been applied' },
  { status: { from: 500, to: 599 }, safe: false, action: 'verify', reason: 'unrecognized server error on a request that is not safe to repeat: outcome unknown' },
  { action: 'fail', reason: 'not retryable' },
] satisfies DeclarativeRule[]);
