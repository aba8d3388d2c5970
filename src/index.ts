/**
 * trainspec's programmatic API.
 *
 *   import { loadExperiment, runExperiment } from 'trainspec';
 *   const loaded = loadExperiment('experiments/keras-seed-hinge.yaml');
 *   if (!loaded.experiment) console.error(loaded.issues);
 *   else {
 *     const out = await runExperiment(loaded, { signal, onEpoch: (row) => console.log(row) });
 *     console.log(out.final.test_accuracy);
 *   }
 */
import { fsHost } from './load/fs-host.js';
import { loadExperiment as loadWithHost, type LoadOptions, type LoadResult } from './load/load.js';
import { runExperiment as runResolved, type RunOptions, type RunOutcome } from './engine/run.js';
import { executeRun, type ExecOptions, type ExecResult } from './runner/execute.js';

export type { LoadResult, RunOptions, RunOutcome, ExecOptions, ExecResult };
export type { Issue, IssueCode, Severity } from './load/issues.js';
export type { ResolvedExperiment } from './load/resolve.js';
export type { HistoryRow, Status } from './engine/train.js';
export { CancelledError } from './engine/train.js';
export { ISSUE_CODES } from './load/issues.js';
export { memoryHost, type SourceHost } from './load/host.js';
export { experimentJsonSchema } from './schema/experiment.js';
export { activations } from './registry/activations/index.js';
export { losses } from './registry/losses/index.js';
export { optimizers } from './registry/optimizers/index.js';
export { metrics } from './registry/metrics/index.js';
export { layers } from './registry/layers/index.js';
export { generators } from './registry/generators/index.js';
export { loadTrained, type Trained, type InputRow, type Prediction } from './predict/trained.js';
export { PredictError } from './predict/errors.js';
export type { Preprocessing } from './results/preprocessing.js';

/** Loads and validates an experiment file (reads the file system unless `host` is given). */
export function loadExperiment(file: string, opts: Partial<LoadOptions> = {}): LoadResult {
  return loadWithHost(file, { ...opts, host: opts.host ?? fsHost });
}

function resolved(loaded: LoadResult) {
  if (!loaded.experiment) {
    throw new Error(`${loaded.file} is invalid: ${loaded.issues.filter((i) => i.severity === 'error').map((i) => `${i.line}:${i.column} ${i.message}`).join('; ')}`);
  }
  return loaded.experiment;
}

/** Trains a loaded experiment in memory: history, final metrics, the model's artifacts. Cancel with `signal`. */
export function runExperiment(loaded: LoadResult, opts: RunOptions = {}): Promise<RunOutcome> {
  return runResolved(resolved(loaded), { yamlFile: loaded.abs, dataFiles: loaded.dataFiles }, opts);
}

/** Like `trainspec run`: skips when up to date, else trains and writes the results folder atomically. */
export function runToResults(loaded: LoadResult, opts: ExecOptions): Promise<ExecResult> {
  return executeRun(resolved(loaded), { yamlFile: loaded.abs, dataFiles: loaded.dataFiles }, opts);
}
