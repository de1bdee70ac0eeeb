/**
 * `url.template`: the low-cardinality template of a request's path, from the templates the caller declares
 * (`/v1/order/{order_id}`). A path no template matches gets none: telemetry never falls back to the raw path.
 * @module
 */

/** A compiled template: its text and its segments (`undefined` for a `{placeholder}`). */
interface Compiled {
  readonly template: string;
  readonly segments: readonly (string | undefined)[];
}

const PLACEHOLDER = /^\{[^{}/]+\}$/;

/** Splits an absolute path into its segments (the leading slash dropped, a trailing one ignored). */
function segmentsOf(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

/** Compiles templates; the first that matches a path wins. */
export function compileRoutes(templates: readonly string[]): (path: string) => string | undefined {
  const compiled: Compiled[] = templates.map((template) => ({
    template,
    segments: segmentsOf(template).map((s) => (PLACEHOLDER.test(s) ? undefined : s)),
  }));
  if (compiled.length === 0) return () => undefined;
  return (path) => {
    const parts = segmentsOf(path);
    for (const c of compiled) {
      if (c.segments.length !== parts.length) continue;
      let ok = true;
      for (let i = 0; ok && i < parts.length; i++) {
        const want = c.segments[i];
        const got = parts[i]!;
        ok = want === undefined ? got !== '' : want === got;
      }
      if (ok) return c.template;
    }
    return undefined;
  };
}

/** True for a template the matcher accepts: an absolute path. */
export function isTemplate(t: unknown): t is string {
  return typeof t === 'string' && t.startsWith('/');
}
