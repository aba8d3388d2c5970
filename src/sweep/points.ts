/**
 * Turns a loaded experiment's sweep (and any -m command-line sweep) into
 * resolved points, validating every point as a whole experiment before
 * anything trains. An issue of a point points at the sweep entry that made it.
 */
import { parse as parseYaml } from 'yaml';
import type { SourceHost } from '../load/host.js';
import { issue, sortIssues, type Issue } from '../load/issues.js';
import { checkWritten, type LoadResult } from '../load/load.js';
import { sweepSizeIssue } from '../load/bounds.js';
import { checkPath } from '../load/path-check.js';
import { setPath } from '../load/paths.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { Locator } from '../load/schema-check.js';
import type { DataFile } from '../load/data-facts.js';
import { expandSweep, type Point, type SweepSpec } from './expand.js';
import { MULTIRUN_SUFFIX } from '../load/names.js';

/** The dotted paths --set accepts. */
const DOTTED = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

export const MULTIRUN_FILE = '<-m>';

export interface ResolvedPoint extends Point {
  experiment: ResolvedExperiment;
  dataFiles: DataFile[];
}

/** Splits `a,b,[1,2],"c,d"` at top-level commas (outside brackets and quotes). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0 && !quote) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Splits `a,b,[1,2]` at top-level commas and reads each part as a YAML value; an error names the part. */
export function splitValues(text: string): { values: unknown[] } | { error: string } {
  const values: unknown[] = [];
  for (const part of splitTopLevel(text)) {
    try {
      // No aliases: `*a` is a value to report, not a reference to expand.
      values.push(parseYaml(part, { version: '1.2', schema: 'core', maxAliasCount: 0, logLevel: 'error' }) ?? null);
    } catch (e) {
      const why = e instanceof ReferenceError ? 'YAML aliases (*name) are not values here; quote it' : (e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { error: `cannot read the value "${part}": ${why}` };
    }
  }
  return { values };
}

/** Where the points of a sweep go: the experiment's folder, or beside it for command-line (-m) sweeps. */
export const sweepFolder = (name: string, multirun: boolean) => (multirun ? `${name}${MULTIRUN_SUFFIX}` : name);

export interface MultirunSweep {
  sweep: SweepSpec | null;
  issues: Issue[];
  /** Grid paths set by -m, with the argument's 1-based index (issues about them point at it). */
  argOf: Map<string, number>;
}

/** The sweep to run: the file's, with `-m path=v1,v2` axes added (replacing the same path). */
export function sweepWithMultirun(load: LoadResult, multirun: readonly string[]): MultirunSweep {
  const x = load.experiment!;
  const base = (load.written?.sweep as SweepSpec | undefined) ?? null;
  const argOf = new Map<string, number>();
  if (multirun.length === 0) return { sweep: base, issues: [], argOf };
  const grid: Record<string, unknown[]> = { ...(base?.grid ?? {}) };
  const issues: Issue[] = [];
  multirun.forEach((arg, n) => {
    const where = { file: MULTIRUN_FILE, line: 1, column: n + 1 };
    const eq = arg.indexOf('=');
    if (eq <= 0) return issues.push(issue('set-syntax', where, `-m expects path=v1,v2,..., got "${arg}"`));
    const path = arg.slice(0, eq).trim();
    if (!DOTTED.test(path)) return issues.push(issue('set-syntax', where, `-m: "${path}" is not a dotted path`));
    const read = splitValues(arg.slice(eq + 1));
    if ('error' in read) return issues.push(issue('set-syntax', { ...where, path }, `-m ${path}: ${read.error}`));
    const problem = checkPath(x, load.written!, path, read.values[0]);
    if (problem) return issues.push(issue('sweep-path', { ...where, path }, `-m ${problem.message}`, problem.hint));
    grid[path] = read.values;
    argOf.set(path, n + 1);
  });
  return { sweep: { ...(base ?? {}), grid }, issues, argOf };
}

export function resolvePoints(
  load: LoadResult, sweep: SweepSpec, host: SourceHost, argOf: ReadonlyMap<string, number> = new Map(),
): { points: ResolvedPoint[]; issues: Issue[] } {
  // counted before expanding: `-m` axes multiply too, and a 1e9-point sweep must fail, not allocate
  const tooMany = sweepSizeIssue(sweep, load.locateAt);
  if (tooMany) return { points: [], issues: [tooMany] };
  const written = { ...load.written! };
  delete written.sweep;
  const points: ResolvedPoint[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  for (const p of expandSweep(sweep)) {
    const label = `sweep point ${p.index + 1} (${p.slug})`;
    const at = (from: (string | number)[]) => {
      const arg = from[1] === 'grid' ? argOf.get(String(from[2])) : undefined;
      return arg === undefined ? load.locateAt(from, 'key') : { file: MULTIRUN_FILE, line: 1, column: arg };
    };
    let value = written;
    let bad = false;
    for (const c of p.changes) {
      const set = setPath(value, c.path, c.value);
      if ('error' in set) {
        issues.push(issue('sweep-path', { ...at(c.from), path: c.from.join('.') }, `${label}: ${set.error}`));
        bad = true;
        break;
      }
      value = set.value;
    }
    if (bad) continue;
    const locateAt: Locator = (path, prefer) => {
      const s = path.join('.');
      const c = [...p.changes].reverse().find((ch) => s === ch.path || s.startsWith(`${ch.path}.`) || ch.path.startsWith(`${s}.`));
      return c ? at(c.from) : load.locateAt(path, prefer);
    };
    const checked = checkWritten(value, { abs: load.abs, host, locateAt, checkSweep: false, dataPolicy: load.dataPolicy });
    issues.push(...checked.issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, message: `${label}: ${i.message}` })));
    // Without case: on macOS and Windows `act=Relu` and `act=relu` are one folder.
    const folder = p.slug.toLowerCase();
    if (seen.has(folder)) {
      issues.push(issue('sweep-duplicate-name', { ...at(p.changes[0]?.from ?? ['sweep']), path: 'sweep' }, `${label} has the same folder name as point ${seen.get(folder)! + 1}`, 'name the variants'));
    }
    seen.set(folder, p.index);
    if (checked.experiment) points.push({ ...p, experiment: checked.experiment, dataFiles: checked.dataFiles });
  }
  return { points, issues: sortIssues(issues) };
}

