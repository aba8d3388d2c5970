/** `trainspec validate [PATH...]`: checks experiment files; exit 0 when all are valid, 2 otherwise. */
import { expandPaths } from './files.js';
import { fsHost } from '../load/fs-host.js';
import { formatIssue, frameLines, type FrameCache, type Style } from './print-issues.js';
import { loadExperiment, SET_FILE, type LoadResult } from '../load/load.js';
import { hasErrors, issue, sortIssues, type Issue } from '../load/issues.js';
import { checkDuplicateNames, nameAt } from '../load/names.js';

export interface Loaded {
  results: LoadResult[];
  /** Issues for PATH arguments that name nothing. */
  missing: Issue[];
}

export function loadAll(paths: readonly string[], overrides: readonly string[] = [], opts: { allowOutsideData?: boolean } = {}): Loaded {
  const { files, missing } = expandPaths(paths);
  return {
    results: withDuplicateNames(files.map((f) => loadExperiment(f, { host: fsHost, overrides, allowOutsideData: opts.allowOutsideData === true }))),
    missing: missing.map((m) => issue('file-missing', { file: m, line: 0, column: 0 }, 'no such file or folder')),
  };
}

/** Two experiments of one invocation that would write one results folder: both invalid, nothing trains. */
function withDuplicateNames(results: LoadResult[]): LoadResult[] {
  const named = results.filter((r) => r.experiment).map((r) => ({ file: r.file, name: r.experiment!.name, at: nameAt(r) }));
  const dups = checkDuplicateNames(named);
  return results.map((r) => {
    const dup = dups.get(r.file);
    return dup ? { ...r, experiment: null, issues: sortIssues([...r.issues, dup]) } : r;
  });
}

export function printIssues(loaded: Loaded, style: Style, overrides: readonly string[] = [], write = (s: string) => process.stderr.write(s)): void {
  // frames show the text that was validated: the loader's copy, not a second read of the file
  const lines: FrameCache = new Map();
  for (const r of loaded.results) for (const [file, text] of r.texts) if (!lines.has(file)) lines.set(file, frameLines(text));
  for (const i of loaded.missing) write(`${formatIssue(i, style)}\n`);
  // A --set problem is the same for every file: print it once.
  const printed = new Set<string>();
  for (const r of loaded.results) {
    for (const i of r.issues) {
      const text = formatIssue(i, style, lines, overrides);
      if (i.file === SET_FILE && printed.has(text)) continue;
      printed.add(text);
      write(`${text}\n`);
    }
  }
}

export const allValid = (l: Loaded) => l.missing.length === 0 && l.results.length > 0 && l.results.every((r) => !hasErrors(r.issues));

export function validateCommand(paths: string[], opts: { json?: boolean; set?: string[]; allowOutsideData?: boolean }, style: Style): number {
  const overrides = opts.set ?? [];
  const loaded = loadAll(paths, overrides, { allowOutsideData: opts.allowOutsideData === true });
  const ok = allValid(loaded);
  if (opts.json) {
    const files = [
      ...loaded.missing.map((i) => ({ file: i.file, valid: false, issues: [i] })),
      ...loaded.results.map((r) => ({ file: r.file, valid: !hasErrors(r.issues), issues: r.issues })),
    ];
    process.stdout.write(`${JSON.stringify({ valid: ok, files }, null, 2)}\n`);
    return ok ? 0 : 2;
  }
  printIssues(loaded, style, overrides);
  if (loaded.results.length === 0 && loaded.missing.length === 0) process.stderr.write('trainspec: no experiment files found\n');
  for (const r of loaded.results) if (!hasErrors(r.issues)) process.stdout.write(`${r.file}: ok\n`);
  const bad = loaded.results.filter((r) => hasErrors(r.issues)).length + loaded.missing.length;
  process.stdout.write(ok ? `${loaded.results.length} valid\n` : `${bad} of ${loaded.results.length + loaded.missing.length} invalid\n`);
  return ok ? 0 : 2;
}
