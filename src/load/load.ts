/**
 * Loads one experiment file: reads its `extends` chain, applies --set
 * overrides, validates against the schema and the Keras-user checks, and
 * resolves defaults. Pure: all reading goes through the host.
 */
import { dirname, relative, resolve } from 'node:path';
import { loadChain, locateInChain } from './extends.js';
import type { SourceHost } from './host.js';
import { hasErrors, issue, sortIssues, type Issue, type PathSeg } from './issues.js';
import { checkPath, missingHint } from './path-check.js';
import { getPath, parseAssignment, resolvePath, setPath } from './paths.js';
import { readData, type DataFile, type DataPolicy } from './data-facts.js';
import { resolveExperiment, type ResolvedExperiment } from './resolve.js';
import { checkSchema, type Locator } from './schema-check.js';
import { checkSemantics } from './semantic.js';
import { checkNames, defaultName } from './names.js';
import { checkInputBounds, checkModelSize } from './bounds.js';
import type { ExperimentInput } from '../schema/experiment.js';

export interface LoadOptions {
  host: SourceHost;
  /** `path=value` strings, applied in order after `extends` is merged. */
  overrides?: readonly string[];
  /** How file names appear in issues (default: relative to the working directory). */
  display?: (abs: string) => string;
  cwd?: string;
  /** Let data paths leave the experiment's folder (`--allow-outside-data`). */
  allowOutsideData?: boolean;
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
  /** The experiment as written: extends merged, overrides applied (null when unreadable). */
  written: Record<string, unknown> | null;
  /** Where a path of `written` comes from (a file position, or a --set argument). */
  locateAt: Locator;
  /** Where this experiment's data files may be (sweep points are checked against it too). */
  dataPolicy: DataPolicy;
  /** The text of every experiment file read, by its shown name (the printer's code frames use it). */
  texts: ReadonlyMap<string, string>;
}

export const SET_FILE = '<--set>';

export function loadExperiment(file: string, opts: LoadOptions): LoadResult {
  const cwd = opts.cwd ?? process.cwd();
  const display = opts.display ?? ((abs: string) => relative(cwd, abs) || abs);
  const abs = resolve(cwd, file);
  const chain = loadChain(abs, opts.host, display);
  const reads = chain.sources.map((s) => resolve(cwd, s.file));
  // data may sit under the folder of any file of the chain: a base's paths are relative to the base
  const dataPolicy: DataPolicy = { roots: [...new Set([abs, ...reads].map((f) => dirname(f)))], allowOutside: opts.allowOutsideData === true };
  const texts = new Map(chain.sources.map((s) => [s.file, s.text]));
  const fail = (issues: Issue[], written: Record<string, unknown> | null = null): LoadResult => ({
    file: display(abs), abs, experiment: null, issues: sortIssues(issues), reads: reads.length ? reads : [abs], dataFiles: [], written, locateAt: () => ({ file: display(abs), line: 1, column: 1 }), dataPolicy, texts,
  });
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
    if ('error' in set) return setIssues.push(issue('set-path', { ...where, path: a.path }, `--set ${a.path}: ${set.error}`, missingHint(written, a.path)));
    written = set.value;
    // Keyed by indexes (`model.hidden.units` → `model.0.units`), as issue paths are.
    overridden.set(resolvePath(written, a.path).segs.join('.'), n + 1);
  });
  const merged = chain.merged;
  const locateAt: Locator = (path, prefer) => {
    const p = path.join('.');
    for (const [o, n] of [...overridden].reverse()) {
      if (p === o || p.startsWith(`${o}.`)) return { file: SET_FILE, line: 1, column: n };
      // An ancestor the override created (`modle.0.units=3` makes `modle`): the argument is to blame.
      const made = getPath(merged, path);
      if (p !== '' && o.startsWith(`${p}.`) && (made === null || typeof made !== 'object')) return { file: SET_FILE, line: 1, column: n };
    }
    return locateInChain(chain.sources, path, prefer);
  };
  const checked = checkWritten(written, { abs, host: opts.host, locateAt, checkSweep: true, dataPolicy });
  const all = sortIssues([...chain.issues, ...setIssues, ...checked.issues]);
  return {
    file: display(abs), abs, experiment: hasErrors(all) ? null : checked.experiment, issues: all,
    reads: [...reads, ...checked.dataFiles.map((d) => d.abs)], dataFiles: checked.dataFiles, written, locateAt, dataPolicy, texts,
  };
}

export interface Checked {
  experiment: ResolvedExperiment | null;
  issues: Issue[];
  dataFiles: DataFile[];
}

/**
 * Validates a written experiment (extends merged, overrides applied) and
 * resolves it: schema, data, defaults, the Keras-user checks and, with
 * `checkSweep`, the sweep's paths. Sweeps call it once per point.
 */
export function checkWritten(
  written: Record<string, unknown>,
  ctx: { abs: string; host: SourceHost; locateAt: Locator; checkSweep: boolean; dataPolicy?: DataPolicy },
): Checked {
  const { abs, locateAt } = ctx;
  const nameIssues = checkNames(written, abs, locateAt);
  const named = new Set(nameIssues.map((i) => i.path));
  const issues = [
    // The name check says it better than the schema's pattern error.
    ...checkSchema(written, locateAt).filter((i) => !(i.code === 'bad-format' && named.has(i.path))).map((i) =>
      i.file === SET_FILE && i.code === 'unknown-key' ? { ...i, code: 'set-path' as const, message: `--set: ${i.message}` } : i,
    ),
    ...nameIssues,
  ];
  const dataFiles: DataFile[] = [];
  // A bad name does not stop the other checks: it blocks no resolution.
  const blocking = () => hasErrors(issues.filter((i) => !nameIssues.includes(i)));
  if (blocking()) return { experiment: null, issues, dataFiles };
  // before any row is drawn or read: a generator of 1e12 rows must fail here, not allocate
  issues.push(...checkInputBounds(written, locateAt));
  if (blocking()) return { experiment: null, issues, dataFiles };
  const input = written as ExperimentInput;
  const seed = input.seed ?? 0;
  const dataIssue = (r: ReturnType<typeof readData>, key: 'data' | 'test') => {
    if (r.file) dataFiles.push(r.file);
    if (r.ok) return;
    // A missing file has no r.file: the spec says whether the rows come from a path or a generator.
    const field = typeof (input[key] as Record<string, unknown> | undefined)?.path === 'string' ? 'path' : 'generator';
    const at = [key, ...(r.at ?? [field])];
    issues.push(issue(r.code, { ...locateAt(at, 'value'), path: at.join('.') }, r.message, r.hint));
  };
  const policy = ctx.dataPolicy ?? { roots: [dirname(abs)], allowOutside: false };
  const firstRead = readData(input.data as Record<string, unknown>, abs, ctx.host, seed, 'data', 2, policy);
  dataIssue(firstRead, 'data');
  if (!firstRead.ok) return { experiment: null, issues, dataFiles };
  const facts = { features: firstRead.facts.features, classes: firstRead.facts.classes };
  const experiment = resolveExperiment(input, defaultName(abs), facts);
  if (experiment.test?.path !== undefined && experiment.test.path !== experiment.data.path) {
    dataIssue(readData(experiment.test, abs, ctx.host, seed, 'test', 2, policy), 'test');
  }
  const trainRows = firstRead.file ? firstRead.facts.rows : (experiment.data.samples as number);
  issues.push(...checkSemantics(experiment, facts, locateAt, trainRows));
  // shapes follow from a consistent input: after an input-dim-mismatch they would only echo it
  if (!hasErrors(issues)) issues.push(...checkModelSize(experiment, { rows: trainRows, features: facts.features }, locateAt));
  if (ctx.checkSweep) issues.push(...checkSweepPaths(experiment, written, locateAt));
  return { experiment: hasErrors(issues) ? null : experiment, issues, dataFiles };
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
  if (Object.keys(sweep.grid ?? {}).length === 0 && !sweep.variants?.length && !sweep.seeds?.length) {
    const at: PathSeg[] = sweep.grid ? ['sweep', 'grid'] : ['sweep'];
    out.push(issue('sweep-empty', { ...locateAt(at, 'key'), path: at.join('.') }, sweep.grid ? 'sweep.grid is empty' : 'sweep has no grid, variants or seeds'));
  }
  return out;
}
