import { defineConfig, type Options } from 'tsup';

/**
 * One implementation, CommonJS (`dist/**\/*.cjs`), so `require` and `import` share one instance of every
 * class (`instanceof ResoluteError`) and every piece of module state. The ESM entries (`dist/**\/*.mjs`) are
 * thin re-exports of it, written by `scripts/esm-entries.mjs` after this build. Types come twice, once per
 * format (`.d.cts`, `.d.mts`), so each resolves `axios` the way its importer does and a consumer's own
 * `AxiosInstance` is the one ours names. `npm run build` runs both steps.
 *
 * A new public entry (say `resolute/otel`): add it to `common.entry` here, to `ENTRIES` in scripts/build.mjs, to
 * `exports` in package.json, and a `<name>/package.json` stub like `testing/` (node10 resolution). Peer
 * dependencies stay external (tsup leaves them to the consumer); optional ones may be imported for types freely.
 */
const outExtension: Options['outExtension'] = ({ format }) =>
  format === 'cjs' ? { js: '.cjs', dts: '.d.cts' } : { js: '.mjs', dts: '.d.mts' };

const common: Options = {
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  outExtension,
  clean: false, // `npm run build` empties dist first: the two builds below run concurrently
};

export default defineConfig([
  {
    ...common,
    entry: { ...(common.entry as Record<string, string>), 'testing/cli': 'src/testing/cli.ts' },
    format: ['cjs'],
    dts: { entry: common.entry as Record<string, string> },
    // p-retry is ESM only: bundled, so require() needs no require(esm) (Node 20.19+). Notices: scripts/build.mjs.
    noExternal: ['p-retry', 'is-network-error'],
    sourcemap: true,
    splitting: false,
    // The CLI asks `import.meta.url` whether it is the entry point; in CommonJS tsup's shim answers from __filename.
    shims: true,
  },
  { ...common, format: ['esm'], dts: { only: true } },
]);
