/**
 * Headers of either shape (AxiosHeaders or a plain object) as plain entries.
 * @module
 */

/** The entries of AxiosHeaders (via `toJSON`) or of a plain object; none for anything else. Never throws. */
export function headerEntries(headers: unknown): Array<[string, unknown]> {
  if (typeof headers !== 'object' || headers === null) return [];
  try {
    const source = typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? ((headers as { toJSON(): unknown }).toJSON() as Record<string, unknown>)
      : (headers as Record<string, unknown>);
    if (typeof source !== 'object' || source === null) return [];
    return Object.entries(source);
  } catch {
    return []; // a header object whose getters throw: nothing can be read from it
  }
}
