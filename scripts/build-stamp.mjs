// The fingerprint of what `npm run build` turns into dist/: a hash of the bytes of every file the
// build reads (src/, kernels/, the build scripts, the tsconfigs, the locked dependency versions).
// `npm run build` ends by writing it to dist/.build-stamp; the test setup (test/global-setup.ts)
// rebuilds only when the stamp is missing or differs, so a test run after `npm ci` (whose prepare
// step builds) or after editing only tests starts at once, and a change to src/ is always rebuilt.
//   node scripts/build-stamp.mjs --clear   first step of the build: a build that fails half-way leaves no stamp
//   node scripts/build-stamp.mjs           last step: writes dist/.build-stamp for the current sources
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP_FILE = join(ROOT, 'dist/.build-stamp');
const INPUTS = [
  'src', 'kernels', 'scripts/build-kernels.mjs', 'scripts/precompile.mjs', 'scripts/bundle.mjs', 'scripts/build-stamp.mjs',
  'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json',
];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

/** The hash of every build input: its path and its bytes, in a fixed order. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(ROOT, input))) {
      hash.update(`${relative(ROOT, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** True when dist/ was built from the sources as they are now. */
export function distIsCurrent() {
  return existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, 'utf8').trim() === sourceHash();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--clear') rmSync(STAMP_FILE, { force: true });
  else {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(STAMP_FILE, `${sourceHash()}\n`);
  }
}
