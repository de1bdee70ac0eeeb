/**
 * Plain objects: what a JSON body is when the caller passed an object literal.
 * @module
 */

/** True for `{...}` literals and `Object.create(null)` objects; false for arrays, class instances, buffers. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}
