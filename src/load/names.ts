/**
 * Results names become folder names under `--out`, so every source of one
 * (the `name:` key, `--set name=...`, a sweep variant's name, the default
 * taken from the file name) obeys one rule. A name that is `.`, `..`, `.git`,
 * empty or full of spaces and quotes would make a path that climbs out of,
 * or replaces, something trainspec does not own.
 */
import { basename, extname } from 'node:path';
import { issue, type Issue } from './issues.js';
import type { Locator } from './schema-check.js';

export const MAX_NAME_LENGTH = 100;
/** Starts with a letter or digit, so never `.`, `..` or a hidden folder; at most 100 characters. */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** The folder of `-m` points sits beside the experiment's own: `results/NAME.multirun/`. */
export const MULTIRUN_SUFFIX = '.multirun';

export const NAME_RULE = `start with a letter or digit and hold only letters, digits, ".", "_" and "-" (at most ${MAX_NAME_LENGTH} characters)`;

/** Why `name` cannot name a results folder, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!NAME_RE.test(name)) return `must ${NAME_RULE}`;
  // A name ending in .multirun would share a folder with another experiment's -m sweep.
  if (name.toLowerCase().endsWith(MULTIRUN_SUFFIX)) return `may not end in "${MULTIRUN_SUFFIX}" (reserved for -m sweeps)`;
  return undefined;
}

/** The name an experiment file gets when it has no `name:` (its file name without extension). */
export const defaultName = (abs: string) => basename(abs, extname(abs));

const show = (s: string) => JSON.stringify(s);

/**
 * The names of a written experiment (extends merged, overrides applied): the
 * `name` key (or the file's default name) and the sweep variants' names.
 * Wrong types are left to the schema; only strings are judged here.
 */
export function checkNames(written: Record<string, unknown>, abs: string, locateAt: Locator): Issue[] {
  const out: Issue[] = [];
  const name = written.name;
  if (typeof name === 'string') {
    const problem = nameProblem(name);
    if (problem) out.push(issue('name-invalid', { ...locateAt(['name'], 'value'), path: 'name' }, `name ${show(name)} ${problem}`));
  } else if (name === undefined) {
    const fallback = defaultName(abs);
    const problem = nameProblem(fallback);
    if (problem) {
      // Point at the file: the name comes from nowhere inside it.
      const file = locateAt([], 'key').file;
      out.push(issue('name-invalid', { file, line: 1, column: 1, path: 'name' }, `the results name ${show(fallback)}, taken from the file name, ${problem}`, 'add `name:` with a valid name, or rename the file'));
    }
  }
  const sweep = written.sweep as { variants?: unknown } | undefined;
  const variants = sweep && typeof sweep === 'object' && Array.isArray(sweep.variants) ? sweep.variants : [];
  variants.forEach((v: unknown, i) => {
    const vName = v && typeof v === 'object' ? (v as { name?: unknown }).name : undefined;
    if (typeof vName !== 'string') return;
    const problem = NAME_RE.test(vName) ? undefined : `must ${NAME_RULE}`;
    const at = ['sweep', 'variants', i, 'name'];
    if (problem) out.push(issue('name-invalid', { ...locateAt(at, 'value'), path: at.join('.') }, `variant name ${show(vName)} ${problem}`, 'it names the point\'s folder'));
  });
  return out;
}

/** Where an experiment's name is written in its own file; its first line when the name is the file's (or a --set's). */
export function nameAt(r: { file: string; written: Record<string, unknown> | null; locateAt: Locator }): Named['at'] {
  const at = typeof r.written?.name === 'string' ? r.locateAt(['name'], 'value') : undefined;
  return at && at.file === r.file ? at : { file: r.file, line: 1, column: 1 };
}

export interface Named {
  file: string;
  name: string;
  /** Where the name is written (or the file's first line for a default name). */
  at: { file: string; line: number; column: number };
}

/**
 * Experiments of one invocation whose results would share a folder: the same
 * name, compared without case (macOS and Windows folders ignore it). One
 * issue per later file, naming the first with its position.
 */
export function checkDuplicateNames(named: readonly Named[]): Map<string, Issue> {
  const first = new Map<string, Named>();
  const out = new Map<string, Issue>();
  for (const n of named) {
    const key = n.name.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, n);
      continue;
    }
    const pos = `${earlier.at.file}:${earlier.at.line}:${earlier.at.column}`;
    out.set(n.file, issue('name-duplicate', { ...n.at, path: 'name' },
      `results name ${show(n.name)} is also the name of ${pos}: both would write one results folder`,
      'give one of them a different `name:`'));
  }
  return out;
}
