/**
 * The experiment files results are compared with, by results name: what a
 * run of each (and of each sweep point) would record now. Loading reads the
 * files and their data (to hash it), as `run` does; nothing is written.
 */
import { relative } from 'node:path';
import { expandPaths } from '../load/files.js';
import { fsHost } from '../load/fs-host.js';
import { hasErrors } from '../load/issues.js';
import { loadExperiment, type LoadResult } from '../load/load.js';
import { defaultName } from '../load/names.js';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import { engineFor } from '../engine/fused/plan.js';
import { contentHash } from '../results/record.js';
import { planSweep } from '../sweep/plan.js';
import type { Expected, Unknown } from './state.js';

export interface KnownExperiment {
  /** The file, relative to the working directory. */
  file: string;
  /** What a single run records now; an Unknown when the file is invalid. */
  expected: Expected | Unknown;
  /** The resolved experiment (its settings describe results not run yet); null when invalid. */
  experiment: ResolvedExperiment | null;
  /** A sweep's points by slug, with what each would record; null for a single run. */
  points: Map<string, { expected: Expected; experiment: ResolvedExperiment }> | null;
  /** A sweep whose points cannot be planned (an invalid point). */
  badSweep: boolean;
}

/** What a run of `x` on these data files would record in run.json (as `run` computes it, engine `auto`). */
export function expectedOf(x: ResolvedExperiment, dataFiles: DataFile[]): Expected {
  const { hash, data } = contentHash(x, dataFiles);
  return { hash, engine: engineFor(x, 'auto'), data };
}

function known(r: LoadResult, cwd: string): KnownExperiment {
  const file = relative(cwd, r.abs) || r.abs;
  const x = r.experiment;
  if (!x || hasErrors(r.issues)) {
    const sweep = r.written !== null && r.written.sweep !== undefined && r.written.sweep !== null;
    return { file, expected: 'invalid yaml', experiment: null, points: null, badSweep: sweep };
  }
  const plan = planSweep(r, []);
  if (!plan) return { file, expected: expectedOf(x, r.dataFiles), experiment: x, points: null, badSweep: false };
  if (hasErrors(plan.issues)) return { file, expected: 'invalid yaml', experiment: x, points: null, badSweep: true };
  const points = new Map(plan.points.map((p) => [p.slug, { expected: expectedOf(p.experiment, p.dataFiles), experiment: p.experiment }]));
  return { file, expected: expectedOf(x, r.dataFiles), experiment: x, points, badSweep: false };
}

/** The name an experiment file's results go under, even when the file is invalid (its `name:`, else its file name). */
function resultsName(r: LoadResult): string {
  if (r.experiment) return r.experiment.name;
  return typeof r.written?.name === 'string' ? r.written.name : defaultName(r.abs);
}

/**
 * Every experiment file under `paths` (default experiments/), by results name.
 * Two files with one name: the first in path order is taken (`run` refuses both).
 */
export function experimentsByName(paths: readonly string[], cwd = process.cwd()): Map<string, KnownExperiment> {
  const out = new Map<string, KnownExperiment>();
  const { files } = expandPaths(paths, cwd);
  for (const f of files) {
    const r = loadExperiment(f, { host: fsHost, cwd });
    const name = resultsName(r);
    if (!out.has(name)) out.set(name, known(r, cwd));
  }
  return out;
}
