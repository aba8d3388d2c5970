/** Runs a sweep from the command line: validate every point, then train them on N workers and summarise. */
import { join, resolve } from 'node:path';
import type { LoadResult } from '../load/load.js';
import { runJobs, type Job } from '../runner/pool.js';
import type { ExecResult } from '../runner/execute.js';
import { writeFilesAtomically } from '../results/write.js';
import { sweepFolder, type ResolvedPoint } from '../sweep/points.js';
import { pointMeta, shardPoints } from '../sweep/plan.js';
import { readPoints, summaryFiles } from '../sweep/summary.js';
import type { Progress } from './progress.js';
import type { BackendChoice } from '../engine/tf.js';
import type { EngineChoice } from '../engine/fused/plan.js';

export interface SweepFlags {
  out: string;
  force?: boolean;
  backend: BackendChoice;
  engine?: EngineChoice;
  workers: number;
  shard?: { index: number; of: number };
  multirun: string[];
}

export async function runSweepPoints(
  load: LoadResult, points: ResolvedPoint[], flags: SweepFlags, progress: Progress, signal: AbortSignal,
): Promise<{ results: ExecResult[]; summaryDir: string; summary: string | null }> {
  const x = load.experiment!;
  // -m points never go inside the experiment's own results folder: they get one beside it.
  const folder = sweepFolder(x.name, flags.multirun.length > 0);
  const rankBy = (x.sweep?.rank_by as string | undefined) ?? null;
  const chosen = shardPoints(points, flags.shard);
  const jobs: Job[] = chosen.map((p) => ({
    experiment: p.experiment,
    yamlFile: load.abs,
    dataFiles: p.dataFiles,
    options: {
      out: flags.out, subdir: join(folder, p.slug), force: flags.force, backend: flags.backend, engine: flags.engine,
      point: { ...pointMeta(p, rankBy) },
    },
  }));
  const label = (id: number) => `${folder}/${chosen[id]!.slug}`;
  let done = 0;
  const results = await runJobs(jobs, flags.workers, {
    signal,
    onStart: (id, epochs) => progress.start(label(id), epochs),
    onEpoch: (id, row) => progress.epoch(label(id), row, jobs[id]!.experiment.fit.epochs),
    onDone: (id, r) => {
      done++;
      progress.note(`${label(id)}: ${r.status} (${done}/${jobs.length} done)`);
    },
  });
  const summaryDir = resolve(flags.out, folder);
  if (signal.aborted) return { results, summaryDir, summary: null };
  const present = readPoints(summaryDir, points.map((p) => p.slug));
  const files = await summaryFiles(folder, present, rankBy ?? undefined);
  writeFilesAtomically(summaryDir, files);
  return { results, summaryDir, summary: files['summary.md']! };
}
