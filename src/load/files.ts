/**
 * Turns PATH arguments into experiment files: a file stands for itself; a
 * folder for its *.yaml/*.yml files, recursively, except `data/` folders and
 * files named `_*` (partial bases meant only to be extended, as in Sass).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const YAML = /\.ya?ml$/i;

function walk(dir: string, out: string[]): void {
  for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ent.name !== 'data' && ent.name !== 'node_modules' && !ent.name.startsWith('.')) walk(p, out);
    } else if (YAML.test(ent.name) && !ent.name.startsWith('_')) out.push(p);
  }
}

export interface Expanded {
  files: string[];
  /** Arguments that name nothing. */
  missing: string[];
}

export function expandPaths(args: readonly string[], cwd = process.cwd()): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  for (const a of args.length ? args : ['experiments']) {
    const p = resolve(cwd, a);
    if (!existsSync(p)) {
      missing.push(a);
    } else if (statSync(p).isDirectory()) {
      walk(p, files);
    } else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}
