/**
 * Writes a run's results folder all at once: every file goes to a temporary
 * folder beside the target, which is then renamed into place, so readers
 * see the old results or the new ones, never a mix or a half-written file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type Files = Record<string, string | Uint8Array>;

export function writeAtomically(target: string, files: Files): void {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Math.floor(performance.now() * 1000)}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${tag}`);
  const old = join(parent, `.${basename(target)}.old-${tag}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [rel, data] of Object.entries(files)) {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
  } catch (e) {
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** run.json of an earlier run, or null. */
export function readRunJson(dir: string): { hash?: string } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { hash?: string };
  } catch {
    return null;
  }
}

/** Writes files into an existing folder, each through a temporary file and a rename. */
export function writeFilesAtomically(dir: string, files: Files): void {
  mkdirSync(dir, { recursive: true });
  for (const [rel, data] of Object.entries(files)) {
    const p = join(dir, rel);
    const tmp = join(dir, `.${basename(rel)}.tmp-${process.pid}`);
    writeFileSync(tmp, data);
    renameSync(tmp, p);
  }
}
