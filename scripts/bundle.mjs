// Build step (run by scripts/precompile.mjs, so by `npm run build` and the test setup): the command
// line and the training thread as a few large ES modules in dist/bundle/, which bin/trainspec.js
// and runner/warm.ts load when present. A process otherwise loads ~380 small modules per thread
// (~200 of them @sinclair/typebox's ESM build), and Node's ESM loader resolves, reads, compiles and
// links each one: ~250 ms per thread here. rolldown (its Node API) joins them; packages that are
// single large files or loaded through require (tfjs, vega, ajv, ...) stay external and load as before.
// `import.meta.url` in each module is rewritten to the URL of the module's own file in dist/, so
// every path built from it (chart templates, the wasm kernels, the precompiled schema validator,
// package.json, `createRequire`) resolves exactly as in the unbundled build.
import { rmSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const OUT = `${DIST}bundle`;
/** Packages bundled: ESM or CommonJS builds of many small files. Every other bare import stays an import. */
const BUNDLED = /^(@sinclair\/typebox|csv-parse|yaml|commander|cli-progress)(\/|$)/;

const keepImportMetaUrl = {
  name: 'trainspec-import-meta-url',
  transform(code, id) {
    if (!id.startsWith(DIST) || !code.includes('import.meta.url')) return null;
    const rel = relative(OUT, id).split(sep).join('/');
    return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), map: null };
  },
};

export async function bundle() {
  rmSync(OUT, { recursive: true, force: true });
  const build = await rolldown({
    input: { cli: `${DIST}cli/main.js`, worker: `${DIST}runner/worker.js` },
    platform: 'node',
    external: (id, importer) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && importer !== undefined && !BUNDLED.test(id),
    plugins: [keepImportMetaUrl],
    logLevel: 'warn',
  });
  await build.write({ dir: OUT, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: false });
  await build.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundle();
