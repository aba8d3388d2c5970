/**
 * Runs one loaded experiment into its results folder, make-style: skipped
 * when run.json's hash matches, locked against a second writer, written
 * atomically, and left untouched when the run is cancelled or diverges
 * over earlier results.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import { runExperiment, type RunOptions } from '../engine/run.js';
import { engineFor } from '../engine/fused/plan.js';
import { tfVersion } from '../engine/tf.js';
import { CancelledError, type HistoryRow } from '../engine/train.js';
import { acquireLock } from '../results/lock.js';
import { contentHash, resultFiles } from '../results/record.js';
import { readRunJson, writeAtomically } from '../results/write.js';
import { roundAll } from '../results/format.js';

export type ExecStatus = 'ok' | 'diverged' | 'stopped_early' | 'up_to_date' | 'cancelled';

export interface ExecResult {
  name: string;
  status: ExecStatus;
  metrics: Record<string, number | null>;
  results_dir: string;
  duration_ms: number;
  backend: string | null;
  /** The training loop that ran (fused or tfjs), null when nothing trained. */
  engine: string | null;
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
}

export async function executeRun(
  x: ResolvedExperiment,
  source: { yamlFile: string; dataFiles: DataFile[] },
  opts: ExecOptions,
): Promise<ExecResult> {
  const dir = resolve(opts.out, opts.subdir ?? x.name);
  const started = performance.now();
  const base = { name: x.name, results_dir: dir, backend: null, engine: null, epochs_run: 0, written: false };
  const { hash } = contentHash(x, source.dataFiles);
  // Up to date = same inputs (hash) AND trained by the engine that would run now (engines differ in rounding).
  const earlier = readRunJson(dir) as { hash?: string; engine?: string } | null;
  if (!opts.force && earlier?.hash === hash && (earlier.engine ?? 'tfjs') === engineFor(x, opts.engine)) {
    return { ...base, status: 'up_to_date', metrics: readFinal(dir), duration_ms: 0 };
  }
  mkdirSync(dirname(dir), { recursive: true });
  const release = acquireLock(join(dirname(dir), `.${basename(dir)}.lock`), x.name);
  try {
    opts.onStart?.(x.name, x.fit.epochs);
    const outcome = await runExperiment(x, source, opts);
    const keepEarlier = outcome.status === 'diverged' && existsSync(join(dir, 'metrics.json'));
    if (!keepEarlier) writeAtomically(dir, await resultFiles(x, source.dataFiles, outcome, await tfVersion(), opts.point));
    return {
      ...base,
      status: outcome.status,
      metrics: roundAll(outcome.final),
      duration_ms: Math.round(performance.now() - started),
      backend: outcome.backend,
      engine: outcome.engine,
      epochs_run: outcome.epochsRun,
      written: !keepEarlier,
    };
  } catch (e) {
    if (e instanceof CancelledError) return { ...base, status: 'cancelled', metrics: {}, duration_ms: Math.round(performance.now() - started) };
    throw e;
  } finally {
    release();
  }
}

/** The final metrics of earlier results, or {} when there are none. */
export function readFinal(dir: string): Record<string, number | null> {
  try {
    return (JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { final: Record<string, number | null> }).final;
  } catch {
    return {};
  }
}

export type { HistoryRow };
