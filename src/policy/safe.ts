/**
 * Which requests are safe to repeat.
 * @module
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** GET, HEAD, OPTIONS, PUT and DELETE are safe to repeat, unless `idempotent` (the caller's word) says otherwise. */
export function isSafeToRepeat(method: string, idempotent: boolean | undefined): boolean {
  return idempotent ?? SAFE_METHODS.has(method);
}
