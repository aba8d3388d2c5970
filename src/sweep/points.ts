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

export const MULTIRUN_FILE = '<-m>';

export interface ResolvedPoint extends Point {
  experiment: ResolvedExperiment;
  dataFiles: DataFile[];
}

/** Splits `a,b,[1,2]` at top-level commas and reads each part as YAML. */
export function splitValues(text: string): unknown[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => parseYaml(p, { version: '1.2', schema: 'core' }) ?? null);
}

/** The sweep to run: the file's, with `-m path=v1,v2` axes added (replacing the same path). */
export function sweepWithMultirun(load: LoadResult, multirun: readonly string[]): { sweep: SweepSpec | null; issues: Issue[] } {
  const x = load.experiment!;
  const base = (load.written?.sweep as SweepSpec | undefined) ?? null;
  if (multirun.length === 0) return { sweep: base, issues: [] };
  const grid: Record<string, unknown[]> = { ...(base?.grid ?? {}) };
  const issues: Issue[] = [];
  multirun.forEach((arg, n) => {
    const where = { file: MULTIRUN_FILE, line: 1, column: n + 1 };
    const eq = arg.indexOf('=');
    if (eq <= 0) return issues.push(issue('set-syntax', where, `-m expects path=v1,v2,..., got "${arg}"`));
    const path = arg.slice(0, eq);
    const values = splitValues(arg.slice(eq + 1));
    const problem = checkPath(x, load.written!, path, values[0]);
    if (problem) return issues.push(issue('sweep-path', { ...where, path }, `-m ${problem.message}`, problem.hint));
    grid[path] = values;
  });
  return { sweep: { ...(base ?? {}), grid }, issues };
}

export function resolvePoints(load: LoadResult, sweep: SweepSpec, host: SourceHost): { points: ResolvedPoint[]; issues: Issue[] } {
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
    const at = (from: (string | number)[]) => load.locateAt(from, 'key');
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
    if (seen.has(p.slug)) {
      issues.push(issue('sweep-duplicate-name', { ...at(p.changes[0]?.from ?? ['sweep']), path: 'sweep' }, `${label} has the same folder name as point ${seen.get(p.slug)! + 1}`, 'name the variants'));
    }
    seen.set(p.slug, p.index);
    if (checked.experiment) points.push({ ...p, experiment: checked.experiment, dataFiles: checked.dataFiles });
  }
  return { points, issues: sortIssues(issues) };
}

