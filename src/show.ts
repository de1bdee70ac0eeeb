/**
 * How a bad option's value appears in a TypeError: strings quoted, numbers and the like as they are, functions,
 * arrays and objects by kind only (an object could hold a password or an API key: it is never printed).
 * @module
 */

/** Renders `value` for an error message. Never throws, never prints an object's contents. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** `String(value)`, or its kind when it has no string form (a null-prototype object, a throwing toString). Never throws. */
export function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return showValue(value);
  }
}
