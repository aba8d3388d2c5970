/**
 * Makes dist/ match src/ before any test runs, so tests that spawn bin/trainspec.js run the current code, as users do.
 *
 * The build (tsc, the WebAssembly kernels, the precompiled schema validator and chart templates: `npm run build`) runs
 * only when dist/.build-stamp differs from the hash of the build's inputs (scripts/build-stamp.mjs): after `npm ci`
 * (whose prepare step builds and stamps) or a change to tests alone, nothing is rebuilt; any change to src/, kernels/,
 * the build scripts or the dependencies is. tsc is incremental (its state in dist/, so removing dist/ rebuilds all).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distIsCurrent, ROOT, sourceHash, STAMP_FILE } from '../scripts/build-stamp.mjs';

export default function setup(): void {
  if (distIsCurrent()) return;
  // Hashed before building: an edit made while the build runs is rebuilt next time.
  const hash = sourceHash();
  // A build that fails half-way must not leave a stamp that a later run trusts.
  rmSync(STAMP_FILE, { force: true });
  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  node([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']);
  node([join(ROOT, 'scripts/build-kernels.mjs')]);
  node([join(ROOT, 'scripts/precompile.mjs')]);
  writeFileSync(STAMP_FILE, `${hash}\n`);
}
