/**
 * Transport error codes → kind and whether the request may have reached the server.
 * @module
 */
import type { FailureKind } from './types.js';

/** Codes that prove the request never left: nothing was written to a server. */
const NOT_SENT = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
  'EHOSTDOWN', 'EADDRNOTAVAIL', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_TLS_HANDSHAKE_TIMEOUT',
]);

/** System calls that fail before any byte of the request is written. */
const NOT_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo', 'queryA', 'queryAaaa']);

/** The classification of a transport error. */
export interface TransportClass {
  readonly kind: FailureKind;
  readonly sent: boolean;
}

/**
 * Classifies a transport error from its code, message and the system call that failed (if known).
 * Unknown codes are assumed sent: when in doubt, the request may have reached the server.
 */
export function classifyTransport(code: string | undefined, message: string, syscall: string | undefined): TransportClass {
  if (code === 'ERR_CANCELED') return { kind: 'cancelled', sent: true };
  const notSent = (code !== undefined && (NOT_SENT.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('CERT_')))
    || (syscall !== undefined && NOT_SENT_SYSCALLS.has(syscall));
  const isTimeout = code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || (code === 'ECONNABORTED' && /timeout/i.test(message));
  if (isTimeout) return { kind: 'timeout', sent: !notSent };
  return { kind: 'network', sent: !notSent };
}
