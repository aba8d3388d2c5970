/**
 * Loads one experiment file: reads its `extends` chain, applies --set
 * overrides, validates against the schema and the Keras-user checks, and
 * resolves defaults. Pure: all reading goes through the host.
 */
import { basename, extname, relative, resolve } from 'node:path';
import { loadChain, locateInChain } from './extends.js';
import type { SourceHost } from './host.js';
import { hasErrors, issue, sortIssues, type Issue, type PathSeg } from './issues.js';
import { checkPath, pathSegs } from './path-check.js';
import { parseAssignment, setPath } from './paths.js';
import { readData, type DataFile } from './data-facts.js';
import { resolveExperiment, type ResolvedExperiment } from './resolve.js';
import { checkSchema, type Locator } from './schema-check.js';
import { checkSemantics } from './semantic.js';
import type { ExperimentInput } from '../schema/experiment.js';

export interface LoadOptions {
  host: SourceHost;
  /** `path=value` strings, applied in order after `extends` is merged. */
  overrides?: readonly string[];
  /** How file names appear in issues (default: relative to the working directory). */
  display?: (abs: string) => string;
  cwd?: string;
}

export interface LoadResult {
  /** The file as displayed in issues. */
  file: string;
  abs: string;
  experiment: ResolvedExperiment | null;
  issues: Issue[];
  /** Every file the experiment reads: the YAML chain and its data files (for watch). */
  reads: string[];
  /** The data files' bytes as read, for hashing and training from the same snapshot. */
  dataFiles: DataFile[];
}

const SET_FILE = '<--set>';

export function loadExperiment(file: string, opts: LoadOptions): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const display = opts.display ?? ((abs: string) => relative(cwd, abs) || abs);
  const abs = resolve(cwd, file);
  const chain = loadChain(abs, opts.host, display);
  const reads = chain.sources.map((s) => resolve(cwd, s.file));
  const fail = (issues: Issue[]): LoadResult => ({ file: display(abs), abs, experiment: null, issues: sortIssues(issues), reads: reads.length ? reads : [abs], dataFiles: [] });
  if (!chain.merged) return fail(chain.issues);

  // --set overrides: positions point at the argument (column = its index on the command line)
  let written = chain.merged;
  const setIssues: Issue[] = [];
  const overridden = new Map<string, number>();
  (opts.overrides ?? []).forEach((arg, n) => {
    const where = { file: SET_FILE, line: 1, column: n + 1, path: '' };
    const a = parseAssignment(arg);
    if ('error' in a) return setIssues.push(issue('set-syntax', where, a.error));
    const set = setPath(written, a.path, a.value);
    if ('error' in set) return setIssues.push(issue('set-path', { ...where, path: a.path }, `--set ${a.path}: ${set.error}`));
    overridden.set(a.path, n + 1);
    written = set.value;
  });
  const locateAt: Locator = (path, prefer) => {
    const p = path.join('.');
    for (const [o, n] of overridden) if (p === o || p.startsWith(`${o}.`)) return { file: SET_FILE, line: 1, column: n };
    return locateInChain(chain.sources, path, prefer);
  };
  const schemaIssues = checkSchema(written, locateAt).map((i) =>
    i.file === SET_FILE && i.code === 'unknown-key' ? { ...i, code: 'set-path' as const, message: `--set: ${i.message}` } : i,
  );
  const issues = [...chain.issues, ...setIssues, ...schemaIssues];
  if (hasErrors(issues)) return fail(issues);

  const input = written as ExperimentInput;
  const seed = input.seed ?? 0;
  const firstRead = readData(input.data as Record<string, unknown>, abs, opts.host, seed, 'data', 2);
  const dataFiles: DataFile[] = [];
  const dataIssue = (r: typeof firstRead, key: string) => {
    if (r.file) dataFiles.push(r.file);
    if (r.ok) return;
    const at = locateAt([key, r.file ? 'path' : 'generator'], 'value');
    issues.push(issue(r.code, { ...at, path: `${key}.path` }, r.message));
  };
  dataIssue(firstRead, 'data');
  if (!firstRead.ok) return fail(issues);
  const facts = { features: firstRead.raw.x[0]?.length ?? 0, classes: firstRead.raw.classes };
  const name = basename(abs, extname(abs));
  const experiment = resolveExperiment(input, name, facts);
  if (experiment.test?.path !== undefined && experiment.test.path !== experiment.data.path) {
    dataIssue(readData(experiment.test, abs, opts.host, seed, 'test', 2), 'test');
  }
  const trainRows = firstRead.file ? firstRead.raw.x.length : (experiment.data.samples as number);
  issues.push(...checkSemantics(experiment, facts, locateAt, trainRows));
  issues.push(...checkSweepPaths(experiment, written, locateAt));
  const all = sortIssues(issues);
  return { file: display(abs), abs, experiment: hasErrors(all) ? null : experiment, issues: all, reads: [...reads, ...dataFiles.map((d) => d.abs)], dataFiles };
}

function checkSweepPaths(x: ResolvedExperiment, written: Record<string, unknown>, locateAt: Locator): Issue[] {
  const out: Issue[] = [];
  const sweep = x.sweep;
  if (!sweep) return out;
  const check = (path: string, sample: unknown, at: PathSeg[]) => {
    const problem = checkPath(x, written, path, sample);
    if (problem) out.push(issue('sweep-path', { ...locateAt(at, 'key'), path: at.join('.') }, problem.message, problem.hint));
  };
  for (const [path, values] of Object.entries(sweep.grid ?? {})) check(path, (values as unknown[])[0], ['sweep', 'grid', path]);
  const names = new Set<string>();
  (sweep.variants ?? []).forEach((v, i) => {
    for (const [path, value] of Object.entries(v)) if (path !== 'name') check(path, value, ['sweep', 'variants', i, path]);
    if (typeof v.name === 'string') {
      if (names.has(v.name)) out.push(issue('sweep-duplicate-name', { ...locateAt(['sweep', 'variants', i, 'name'], 'value'), path: `sweep.variants.${i}.name` }, `two variants are named "${v.name}"`));
      names.add(v.name);
    }
  });
  if (sweep.grid && Object.keys(sweep.grid).length === 0 && !sweep.variants) {
    out.push(issue('sweep-empty', { ...locateAt(['sweep', 'grid'], 'key'), path: 'sweep.grid' }, 'sweep.grid is empty'));
  }
  void pathSegs;
  return out;
}
