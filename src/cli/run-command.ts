/** `trainspec run [PATH...]`: validates everything first, then trains each experiment (or sweep point) that is not up to date. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BackendChoice, EngineChoice } from '../engine/choices.js';
import { checkResultTargets } from '../runner/execute.js';
import { UsageError } from '../errors.js';
import { formatIssue, type Style } from './print-issues.js';
import { trainAll } from './run-train.js';
import { WORKERS_PER_CORE } from './register-commands.js';
import { prestartWorkers } from '../runner/warm.js';
import { describePoint, planSweep } from '../sweep/plan.js';
import { sweepFolder } from '../sweep/points.js';
import { allValid, loadAll, printIssues } from './validate.js';
import type { LoadResult } from '../load/load.js';
import type { ResolvedPoint } from '../sweep/points.js';

interface RunFlags {
  allowOutsideData?: boolean;
  out: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  backend: BackendChoice;
  engine?: EngineChoice;
  set?: string[];
  multirun?: string[];
  dryRun?: boolean;
  workers?: string;
  shard?: string;
}

function parseShard(s: string | undefined): { index: number; of: number } | undefined | 'bad' {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) return 'bad';
  const [index, of] = [Number(m[1]), Number(m[2])];
  return index >= 1 && index <= of ? { index, of } : 'bad';
}

/** --shard and --workers checked, or what is wrong with them. */
function parseLimits(flags: RunFlags): { shard: { index: number; of: number } | undefined; workers: number } | string {
  const shard = parseShard(flags.shard);
  if (shard === 'bad') return `--shard expects I/N with 1 <= I <= N, got "${flags.shard}"`;
  const workers = flags.workers === undefined ? availableParallelism() : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1) return `--workers expects a positive integer, got "${flags.workers}"`;
  // Each worker thread holds its own tfjs and data (--workers 100 took 7.3 GB); past the cores they only share them.
  const maxWorkers = WORKERS_PER_CORE * availableParallelism();
  if (workers > maxWorkers) return `--workers ${workers} is too many: at most ${maxWorkers} (${WORKERS_PER_CORE} per core, ${availableParallelism()} cores here); each worker holds its own copy of tfjs and the data`;
  return { shard, workers };
}

/** Every sweep point validated before anything trains; null when a point is invalid (its issues printed). */
function planAll(loaded: LoadResult[], multirun: string[], overrides: string[], style: Style): Map<LoadResult, ResolvedPoint[]> | null {
  const plans = new Map<LoadResult, ResolvedPoint[]>();
  let badPoints = false;
  for (const r of loaded) {
    const plan = planSweep(r, multirun);
    if (!plan) continue;
    for (const i of plan.issues) process.stderr.write(`${formatIssue(i, style, undefined, overrides, multirun)}\n`);
    if (plan.issues.some((i) => i.severity === 'error')) badPoints = true;
    plans.set(r, plan.points);
  }
  return badPoints ? null : plans;
}

function printDryRun(loaded: LoadResult[], plans: Map<LoadResult, ResolvedPoint[]>): number {
  for (const r of loaded) {
    const points = plans.get(r);
    process.stdout.write(points ? `${r.experiment!.name}: ${points.length} points\n${points.map(describePoint).join('\n')}\n` : `${r.experiment!.name}: 1 run\n`);
  }
  return 0;
}

/** Refuses before training when a results folder cannot be written (a file in the way, a link out); the message or null. */
function targetsProblem(out: string, loaded: LoadResult[], plans: Map<LoadResult, ResolvedPoint[]>, multirun: string[]): string | null {
  try {
    const targets = loaded.flatMap((r) => {
      const points = plans.get(r);
      return points ? points.map((p) => join(sweepFolder(r.experiment!.name, multirun.length > 0), p.slug)) : [r.experiment!.name];
    });
    checkResultTargets(out, targets);
    return null;
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
}

/** `trainspec run PATHS`: its exit code (the options are defined in register-commands.ts). */
export async function runCommand(paths: string[], flags: RunFlags, style: Style): Promise<number> {
  const usage = (msg: string) => (process.stderr.write(`trainspec run: ${msg}\n`), 2);
  const limits = parseLimits(flags);
  if (typeof limits === 'string') return usage(limits);
  const overrides = flags.set ?? [];
  const multirun = flags.multirun ?? [];
  if (paths.length === 0 && !existsSync('experiments')) {
    return usage('no experiments/ folder here: name an experiment file (trainspec run path/to/x.yaml), or write one with `trainspec init` (the tutorial experiment) or `trainspec init --data FILE.csv --target COLUMN`');
  }
  // The training thread loads tfjs and the engines meanwhile (it never keeps the process alive).
  if (!flags.dryRun) prestartWorkers(1);
  const loaded = loadAll(paths, overrides, { allowOutsideData: flags.allowOutsideData === true });
  printIssues(loaded, style, overrides);
  if (!allValid(loaded)) {
    if (loaded.results.length === 0 && loaded.missing.length === 0) process.stderr.write('trainspec: no experiment files found\n');
    return 2;
  }
  const plans = planAll(loaded.results, multirun, overrides, style);
  if (!plans) return 2;
  if (flags.dryRun) return printDryRun(loaded.results, plans);
  const problem = targetsProblem(flags.out, loaded.results, plans, multirun);
  if (problem) return usage(problem);
  return trainAll(loaded.results, plans, { ...flags, ...limits, multirun }, style);
}
