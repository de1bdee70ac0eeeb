/**
 * Loads `@opentelemetry/api`, an optional peer dependency, only when telemetry is asked for. Nothing in the
 * main entry imports it at module load.
 * @module
 */

/** The OpenTelemetry API module. */
export type OtelApi = typeof import('@opentelemetry/api');

/** The package the error names. */
export const API_PACKAGE = '@opentelemetry/api';

/**
 * The specifier, built at run time so that bundlers (esbuild, webpack, Vite) bundling resolute for an application
 * without the optional peer neither fail to resolve it nor bundle it: it is loaded from node_modules when asked for.
 */
const specifier = (): string => [API_PACKAGE, ''].join('');

/** Imports the API (the namespace, whether the loader exposes CJS named exports or only `default`). */
export async function loadApi(importer: () => Promise<unknown> = () => import(/* webpackIgnore: true */ /* @vite-ignore */ specifier())): Promise<OtelApi> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (cause) {
    throw new Error(
      `resolute: telemetry needs the package "${API_PACKAGE}" (an optional peer dependency), which could not be loaded. Install it: npm install ${API_PACKAGE}`,
      { cause },
    );
  }
  const ns = mod as Partial<OtelApi> & { default?: OtelApi };
  const api = ns.trace && ns.metrics && ns.context ? (ns as OtelApi) : ns.default;
  if (!api?.trace || !api.metrics || !api.context) throw new Error(`resolute: "${API_PACKAGE}" loaded but has no trace, metrics and context APIs (version 1.x is needed)`);
  return api;
}
