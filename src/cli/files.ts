/**
 * Turns PATH arguments into experiment files: a file stands for itself; a
 * folder for its *.yaml/*.yml files, recursively, except `data/` folders,
 * files named `_*` and files that another experiment `extends` (bases).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const YAML = /\.ya?ml$/i;

function walk(dir: string, out: string[]): void {
  for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) {
      if (ent.name !== 'data' && ent.name !== 'node_modules' && !ent.name.startsWith('.')) walk(p, out);
    } else if (YAML.test(ent.name) && !ent.name.startsWith('_')) out.push(p);
  }
}

/** The `extends:` value of a file, read with a cheap line match (the loader does the real parse). */
function baseOf(file: string): string | undefined {
  try {
    const m = /^extends:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(readFileSync(file, 'utf8'));
    return m ? resolve(dirname(file), m[1]!) : undefined;
  } catch {
    return undefined;
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
      const found: string[] = [];
      walk(p, found);
      const bases = new Set(found.map(baseOf).filter((b): b is string => b !== undefined));
      files.push(...found.filter((f) => !bases.has(f)));
    } else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}
