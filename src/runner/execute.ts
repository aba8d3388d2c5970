/**
 * Runs one loaded experiment into its results folder, make-style: skipped
 * when the folder is whole and run.json's hash matches, locked against a
 * second writer, written atomically, and left untouched when the run is
 * cancelled or diverges over earlier results. Where the results go is
 * checked before training (inside --out, ours to replace, writable, names
 * short enough), so a run never trains for minutes and then fails to write.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import { runExperiment, type RunOptions, type RunOutcome } from '../engine/run.js';
import { engineFor } from '../engine/fused/plan.js';
import { tfVersion } from '../engine/tf.js';
import { CancelledError, type HistoryRow } from '../engine/train.js';
import { acquireLock, lockPathOf } from '../results/lock.js';
import { contentHash, resultFiles } from '../results/record.js';
import { hasLeftovers, isUpToDate, readFinal } from '../results/freshness.js';
import { resultsTarget, type ProbedFolders } from '../results/target.js';
import { recoverLeftovers } from '../results/write.js';
import { writeAtomicallyAsync } from '../results/write-async.js';
import { roundAll } from '../results/format.js';

export type ExecStatus = 'ok' | 'diverged' | 'stopped_early' | 'up_to_date' | 'cancelled';

export interface ExecResult {
  name: string;
  status: ExecStatus;
  metrics: Record<string, number | null>;
  results_dir: string;
  duration_ms: number;
  backend: string | null;
  /** Why that backend (a few words), null when nothing trained. */
  backend_reason: string | null;
  /** The training loop that ran (fused or tfjs), null when nothing trained. */
  engine: string | null;
  /** Why that engine (a few words), null when nothing trained. */
  engine_reason: string | null;
  epochs_run: number;
  /** False when a diverged run left earlier results in place. */
  written: boolean;
}

export interface ExecOptions extends RunOptions {
  out: string;
  force?: boolean;
  /** Folder under `out` (default: the experiment's name). */
  subdir?: string;
  /** Recorded in run.json as `point` (a sweep point's slug and changes). */
  point?: Record<string, unknown>;
  onStart?: (name: string, epochs: number) => void;
  /** Called when training is over and the results are about to be written: past this point a cancel lets the write finish. */
  onWriting?: () => void;
}

export async function executeRun(
  x: ResolvedExperiment,
  source: { yamlFile: string; dataFiles: DataFile[] },
  opts: ExecOptions,
): Promise<ExecResult> {
  const run = prepareRun(x, source, opts);
  if (!('release' in run)) return run;
  let outcome: RunOutcome;
  try {
    opts.onStart?.(x.name, x.fit.epochs);
    outcome = await runExperiment(x, source, opts);
  } catch (e) {
    run.release();
    if (e instanceof CancelledError) return cancelledRun(run);
    throw e;
  }
  opts.onWriting?.();
  return finishRun(run, x, source, outcome, await tfVersion(), opts.point);
}

/** A run that must train: its folder checked and locked (the caller must finishRun or release it), leftovers recovered. */
export interface PreparedRun {
  dir: string;
  started: number;
  release: () => void;
  base: Omit<ExecResult, 'status' | 'metrics' | 'duration_ms'>;
}

/**
 * Everything before training, without tfjs: the up-to-date result when nothing
 * must train, else the locked run. Split from executeRun so that the worker pool
 * prepares and writes runs on the main thread while a worker trains the next.
 * `probed`: the invocation's folders already proved writable (a sweep's points share one).
 */
export function prepareRun(x: ResolvedExperiment, source: { dataFiles: DataFile[] }, opts: ExecOptions, probed?: ProbedFolders): ExecResult | PreparedRun {
  const early = upToDateResult(x, source, opts);
  if (early) return early;
  const rel = opts.subdir ?? x.name;
  const dir = resultsTarget(opts.out, rel, false);
  const started = performance.now();
  const base = { name: x.name, results_dir: resolve(opts.out, rel), backend: null, backend_reason: null, engine: null, engine_reason: null, epochs_run: 0, written: false };
  const { hash } = contentHash(x, source.dataFiles);
  resultsTarget(opts.out, rel, probed ?? true);
  const release = acquireLock(lockPathOf(dir), x.name);
  try {
    recoverLeftovers(dirname(dir), basename(dir));
    if (!opts.force && isUpToDate(dir, hash, engineFor(x, opts.engine))) {
      release();
      return { ...base, status: 'up_to_date', metrics: readFinal(dir), duration_ms: 0 };
    }
  } catch (e) {
    release();
    throw e;
  }
  return { dir, started, release, base };
}

/** The result of a prepared run whose training was cancelled: nothing written (the caller releases the lock). */
export const cancelledRun = (run: PreparedRun): ExecResult => ({ ...run.base, status: 'cancelled', metrics: {}, duration_ms: Math.round(performance.now() - run.started) });

/** Writes a trained run's results (unless it diverged over earlier ones) and releases its lock. */
export async function finishRun(
  run: PreparedRun, x: ResolvedExperiment, source: { dataFiles: DataFile[] }, outcome: RunOutcome, tfjsVersion: string, point?: Record<string, unknown>,
): Promise<ExecResult> {
  try {
    const keepEarlier = outcome.status === 'diverged' && existsSync(join(run.dir, 'metrics.json'));
    if (!keepEarlier) await writeAtomicallyAsync(run.dir, await resultFiles(x, source.dataFiles, outcome, tfjsVersion, point));
    return {
      ...run.base,
      status: outcome.status,
      metrics: roundAll(outcome.final),
      duration_ms: Math.round(performance.now() - run.started),
      backend: outcome.backend,
      backend_reason: outcome.backendReason,
      engine: outcome.engine,
      engine_reason: outcome.engineReason,
      epochs_run: outcome.epochsRun,
      written: !keepEarlier,
    };
  } finally {
    run.release();
  }
}

/**
 * The result of a run that is up to date (whole results from the same inputs
 * and engine, no leftovers of a killed write to recover), or null when it must
 * train. Cheap: no tfjs, so callers check it before handing a run to a thread.
 */
export function upToDateResult(x: ResolvedExperiment, source: { dataFiles: DataFile[] }, opts: Pick<ExecOptions, 'out' | 'subdir' | 'force' | 'engine'>): ExecResult | null {
  if (opts.force) return null;
  const rel = opts.subdir ?? x.name;
  const dir = resultsTarget(opts.out, rel, false);
  if (!isUpToDate(dir, contentHash(x, source.dataFiles).hash, engineFor(x, opts.engine)) || hasLeftovers(dir)) return null;
  return { name: x.name, status: 'up_to_date', metrics: readFinal(dir), results_dir: resolve(opts.out, rel), duration_ms: 0, backend: null, backend_reason: null, engine: null, engine_reason: null, epochs_run: 0, written: false };
}

/**
 * Checks every results folder of an invocation (paths relative to `out`) before
 * anything trains: inside --out, ours to replace, names short enough, --out a folder.
 * Writability is probed by each run just before it trains (an up-to-date run needs none).
 */
export function checkResultTargets(out: string, rels: string[]): void {
  for (const rel of rels) resultsTarget(out, rel, false);
}

export { readFinal };
export type { HistoryRow };
