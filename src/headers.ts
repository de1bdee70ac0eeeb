/**
 * Headers of either shape (AxiosHeaders or a plain object) as plain entries.
 * @module
 */

/** The entries of AxiosHeaders (via `toJSON`) or of a plain object; none for anything else. */
export function headerEntries(headers: unknown): Array<[string, unknown]> {
  if (typeof headers !== 'object' || headers === null) return [];
  const source = typeof (headers as { toJSON?: unknown }).toJSON === 'function'
    ? ((headers as { toJSON(): unknown }).toJSON() as Record<string, unknown>)
    : (headers as Record<string, unknown>);
  return Object.entries(source);
}
