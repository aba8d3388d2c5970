// Build step (`npm run build`, so also `prepare` on `npm ci`): compiles the WebAssembly kernels
// from their AssemblyScript source in kernels/ into dist/kernels/*.wasm, which the fused engine
// loads (src/engine/fused/wasm.ts). The compiler is a devDependency (assemblyscript); the built
// .wasm ships in the package under dist/, the source stays in the repository.
//
// Flags: -O3 for speed; SIMD (f32x4) on; the stub runtime and no abort import, so a module has
// no allocator, no garbage collector and no imports but the memory; --importMemory because the
// network's Float32Arrays view the memory the kernels work on (the module owns no part of it,
// which is checked here: a data segment or a global would sit in memory the engine hands out).
import asc from 'assemblyscript/asc';
import { mkdirSync, writeFileSync } from 'node:fs';

//   node scripts/build-kernels.mjs                   kernels/*.ts named below -> dist/kernels/
//   node scripts/build-kernels.mjs SRC.ts OUT.wasm   one file (bench/scale.js builds its peak loop so)
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const KERNELS = ['dense'];
const outDir = new URL('../dist/kernels/', import.meta.url);
const [srcArg, outArg] = process.argv.slice(2);
const jobs = srcArg
  ? [{ src: resolve(srcArg), out: pathToFileURL(resolve(outArg)) }]
  : KERNELS.map((k) => ({ src: `kernels/${k}.ts`, out: new URL(`${k}.wasm`, outDir) }));
if (!srcArg) mkdirSync(outDir, { recursive: true });

for (const { src, out } of jobs) {
  const name = basename(src, '.ts');
  const outputs = {};
  const { error, stderr } = await asc.main([
    src, '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory',
    '--use', 'abort=', '--enable', 'simd', '-o', `${name}.wasm`, '-t', `${name}.wat`,
  ], {
    writeFile: (file, contents) => { outputs[file] = contents; },
  });
  if (error) {
    console.error(stderr.toString());
    throw new Error(`build-kernels: ${name}.ts does not compile: ${error.message}`);
  }
  const wat = String(outputs[`${name}.wat`]);
  if (/\((data|global)\b/.test(wat)) throw new Error(`build-kernels: ${name}.wasm has a data segment or a global; it must own no memory`);
  writeFileSync(out, outputs[`${name}.wasm`]);
}
