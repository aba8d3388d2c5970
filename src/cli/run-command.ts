/** `trainspec run [PATH...]`: validates everything first, then trains each experiment (or sweep point) that is not up to date. */
import type { Command, Option as OptionClass } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative } from 'node:path';
import { BACKENDS, type BackendChoice } from '../engine/tf.js';
import { ENGINES, type EngineChoice } from '../engine/fused/plan.js';
import { checkResultTargets, executeRun, type ExecResult } from '../runner/execute.js';
import { UsageError } from '../errors.js';
import { interruptSignal, SIGNAL_EXIT } from './interrupt.js';
import { formatIssue, type Style } from './print-issues.js';
import { makeProgress, type Progress } from './progress.js';
import { describePoint, planSweep, runSweepPoints } from './sweep-run.js';
import { sweepFolder } from '../sweep/points.js';
import { num, textTable } from './table.js';
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

/** The --workers bound: a few per core, so a typo (--workers 100) cannot take gigabytes. */
export const WORKERS_PER_CORE = 4;

const ORDER = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'];
const metricOrder = (keys: string[]) =>
  [...new Set(keys)].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));

export function summaryTable(results: ExecResult[]): string {
  const cols = metricOrder(results.flatMap((r) => Object.keys(r.metrics)));
  return textTable(['experiment', 'status', 'epochs', ...cols], results.map((r) => [r.name, r.status, r.status === 'up_to_date' ? '' : String(r.epochs_run), ...cols.map((c) => num(r.metrics[c]))]));
}

function parseShard(s: string | undefined): { index: number; of: number } | undefined | 'bad' {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) return 'bad';
  const [index, of] = [Number(m[1]), Number(m[2])];
  return index >= 1 && index <= of ? { index, of } : 'bad';
}

export async function runCommand(paths: string[], flags: RunFlags, style: Style): Promise<number> {
  const usage = (msg: string) => (process.stderr.write(`trainspec run: ${msg}\n`), 2);
  const shard = parseShard(flags.shard);
  if (shard === 'bad') return usage(`--shard expects I/N with 1 <= I <= N, got "${flags.shard}"`);
  const workers = flags.workers === undefined ? availableParallelism() : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1) return usage(`--workers expects a positive integer, got "${flags.workers}"`);
  // Each worker thread holds its own tfjs and data (--workers 100 took 7.3 GB); past the cores they only share them.
  const maxWorkers = WORKERS_PER_CORE * availableParallelism();
  if (workers > maxWorkers) return usage(`--workers ${workers} is too many: at most ${maxWorkers} (${WORKERS_PER_CORE} per core, ${availableParallelism()} cores here); each worker holds its own copy of tfjs and the data`);
  const overrides = flags.set ?? [];
  const multirun = flags.multirun ?? [];
  if (paths.length === 0 && !existsSync('experiments')) {
    return usage('no experiments/ folder here: name an experiment file (trainspec run path/to/x.yaml), or create experiments/ with one (see experiments/keras-seed-hinge.yaml in the README)');
  }
  const loaded = loadAll(paths, overrides, { allowOutsideData: flags.allowOutsideData === true });
  printIssues(loaded, style, overrides);
  if (!allValid(loaded)) {
    if (loaded.results.length === 0 && loaded.missing.length === 0) process.stderr.write('trainspec: no experiment files found\n');
    return 2;
  }
  // Every sweep point is validated before anything trains.
  const plans = new Map<LoadResult, ResolvedPoint[]>();
  let badPoints = false;
  for (const r of loaded.results) {
    const plan = planSweep(r, multirun);
    if (!plan) continue;
    for (const i of plan.issues) process.stderr.write(`${formatIssue(i, style, undefined, overrides, multirun)}\n`);
    if (plan.issues.some((i) => i.severity === 'error')) badPoints = true;
    plans.set(r, plan.points);
  }
  if (badPoints) return 2;
  if (flags.dryRun) {
    for (const r of loaded.results) {
      const points = plans.get(r);
      process.stdout.write(points ? `${r.experiment!.name}: ${points.length} points\n${points.map(describePoint).join('\n')}\n` : `${r.experiment!.name}: 1 run\n`);
    }
    return 0;
  }

  try {
    const targets = loaded.results.flatMap((r) => {
      const points = plans.get(r);
      return points ? points.map((p) => join(sweepFolder(r.experiment!.name, multirun.length > 0), p.slug)) : [r.experiment!.name];
    });
    checkResultTargets(flags.out, targets);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  // The first Ctrl-C / SIGTERM cancels: the running training stops at its next check and writes nothing.
  const stop = interruptSignal();
  stop.signal.addEventListener('abort', () => process.stderr.write('\ninterrupted: stopping (earlier results are kept)\n'), { once: true });
  const progress: Progress = makeProgress(flags.quiet || flags.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  const results: ExecResult[] = [];
  const summaries: string[] = [];
  const upToDate: string[] = [];
  const report = (res: ExecResult) => {
    results.push(res);
    if (res.status === 'up_to_date' && !flags.json) upToDate.push(`${res.name}: up to date`);
    if (res.status === 'diverged') process.stderr.write(`${style.red('error')}: ${res.name}: diverged at epoch ${res.epochs_run} (loss is not finite)${res.written ? '' : '; earlier results kept'}\n`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ name: res.name, status: res.status, metrics: res.metrics, results_dir: res.results_dir, duration_ms: res.duration_ms, backend: res.backend, engine: res.engine, engine_reason: res.engine_reason })}\n`);
  };
  try {
    for (const r of loaded.results) {
      if (stop.signal.aborted) break;
      const x = r.experiment!;
      const points = plans.get(r);
      if (points) {
        const out = await runSweepPoints(r, points, { out: flags.out, force: flags.force, backend: flags.backend, engine: flags.engine, workers, shard, multirun }, progress, stop.signal);
        out.results.forEach((res, i) => report({ ...res, name: `${basename(out.summaryDir)}/${relative(out.summaryDir, res.results_dir) || i}` }));
        if (out.summary) summaries.push(out.summary);
      } else {
        report(await executeRun(x, { yamlFile: r.abs, dataFiles: r.dataFiles }, {
          out: flags.out, force: flags.force, backend: flags.backend, engine: flags.engine, signal: stop.signal,
          onStart: (name, epochs) => progress.start(name, epochs),
          onEpoch: (row, epochs) => progress.epoch(x.name, row, epochs),
        }));
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      progress.stop();
      process.stderr.write(`${style.red('error')}: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    progress.stop();
    stop.release();
  }
  if (stop.signal.aborted || results.some((r) => r.status === 'cancelled')) return SIGNAL_EXIT[stop.stoppedBy() ?? 'SIGINT'];
  if (!flags.json) {
    // Up-to-date runs are one line each, as make says it; the table shows what trained.
    const trained = results.filter((r) => r.status !== 'up_to_date');
    if (upToDate.length) process.stdout.write(`${upToDate.join('\n')}\n`);
    if (trained.length === 0) return 0;
    process.stdout.write(`${summaryTable(trained)}\n`);
    if (!flags.quiet) for (const s of summaries) process.stdout.write(`\n${s}`);
    const used = (k: 'backend' | 'engine') => [...new Set(results.map((r) => r[k]).filter(Boolean))].join(', ');
    process.stdout.write(`results: ${relative(process.cwd(), flags.out) || '.'}/${used('backend') ? `  (backend: ${used('backend')}; engine: ${used('engine')})` : ''}\n`);
  }
  return results.some((r) => r.status === 'diverged') ? 1 : 0;
}

export function registerRun(program: Command, style: Style, setCode: (c: number) => void, collect: (v: string, p?: string[]) => string[], Option: typeof OptionClass): void {
  program
    .command('run')
    .description('train experiments (default: experiments/) and write results for git; skips those up to date')
    .argument('[paths...]', 'files or folders')
    .option('-o, --out <dir>', 'results folder', 'results')
    .option('-f, --force', 'rerun even when up to date')
    .option('-q, --quiet', 'print only the summary')
    .option('--json', 'print one JSON object per run on stdout, nothing else')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(BACKENDS as string[]).default('auto'))
    .addOption(new Option('--engine <name>', 'training loop: fused (typed arrays, dense stacks), tfjs, or auto (fused where it applies)').choices(ENGINES as string[]).default('auto'))
    .option('--set <path=value>', 'override a value (repeatable)', collect)
    .option('-m, --multirun <path=v1,v2>', 'sweep a path over values, Hydra style (repeatable)', collect)
    .option('--dry-run', 'list the runs and sweep points; train nothing')
    .option('--allow-outside-data', 'let data paths leave the experiment\'s folder (absolute paths, ../)')
    .option('-w, --workers <n>', `sweep points run in parallel (default: the number of cores; at most ${WORKERS_PER_CORE} per core, and never more than the points to run)`)
    .option('--shard <i/n>', 'run only the sweep points whose index modulo n is i-1')
    .action(async (paths: string[], flags: RunFlags) => {
      setCode(await runCommand(paths, flags, style));
    });
}
