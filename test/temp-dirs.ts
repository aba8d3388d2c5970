/**
 * Temporary folders for tests, removed after each test file (test/per-file-setup.ts). Kept apart from run-helpers.ts,
 * which loads the experiment loader: the per-file setup imports this module alone, so a test file that needs no
 * loader does not pay for compiling it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const temps: string[] = [];
/**
 * Removes the folders tempDir made. test/per-file-setup.ts calls it after each test file: test files share one
 * module cache per worker (vitest.config.ts: isolate false), so a hook registered when this module loads would run
 * for the first importing file only.
 */
export function removeTempDirs(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A new folder under the OS temp dir, removed after the importing file's tests. */
export function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `trainspec-${tag}-`));
  temps.push(d);
  return d;
}
