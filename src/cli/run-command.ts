/** `trainspec run [PATH...]`: validates everything first, then trains each experiment (or sweep point) that is not up to date. */
import type { Command, Option as OptionClass } from 'commander';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { BACKENDS, type BackendChoice } from '../engine/tf.js';
import { ENGINES, type EngineChoice } from '../engine/fused/plan.js';
import { executeRun, type ExecResult } from '../runner/execute.js';
import { UsageError } from '../errors.js';
import { formatIssue, type Style } from './print-issues.js';
import { makeProgress, type Progress } from './progress.js';
import { describePoint, planSweep, runSweepPoints } from './sweep-run.js';
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
  const overrides = flags.set ?? [];
  const multirun = flags.multirun ?? [];
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
    for (const i of plan.issues) process.stderr.write(`${formatIssue(i, style, undefined, overrides)}\n`);
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

  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
    process.stderr.write('\ninterrupted: stopping (earlier results are kept)\n');
  };
  process.on('SIGINT', onSigint);
  const progress: Progress = makeProgress(flags.quiet || flags.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  const results: ExecResult[] = [];
  const summaries: string[] = [];
  const report = (res: ExecResult) => {
    results.push(res);
    if (res.status === 'up_to_date' && !flags.json) progress.note(`${res.name}: up to date`);
    if (res.status === 'diverged') process.stderr.write(`${style.red('error')}: ${res.name}: diverged at epoch ${res.epochs_run} (loss is not finite)${res.written ? '' : '; earlier results kept'}\n`);
    if (flags.json) process.stdout.write(`${JSON.stringify({ name: res.name, status: res.status, metrics: res.metrics, results_dir: res.results_dir, duration_ms: res.duration_ms, backend: res.backend, engine: res.engine })}\n`);
  };
  try {
    for (const r of loaded.results) {
      if (interrupted) break;
      const x = r.experiment!;
      const points = plans.get(r);
      if (points) {
        const out = await runSweepPoints(r, points, { out: flags.out, force: flags.force, backend: flags.backend, engine: flags.engine, workers, shard, multirun }, progress, controller.signal);
        out.results.forEach((res, i) => report({ ...res, name: `${x.name}/${relative(out.summaryDir, res.results_dir) || i}` }));
        if (out.summary) summaries.push(out.summary);
      } else {
        report(await executeRun(x, { yamlFile: r.abs, dataFiles: r.dataFiles }, {
          out: flags.out, force: flags.force, backend: flags.backend, engine: flags.engine, signal: controller.signal,
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
    process.off('SIGINT', onSigint);
  }
  if (interrupted || results.some((r) => r.status === 'cancelled')) return 130;
  if (!flags.json) {
    process.stdout.write(`${summaryTable(results)}\n`);
    for (const s of summaries) process.stdout.write(`\n${s}`);
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
    .option('-w, --workers <n>', 'sweep points run in parallel (default: the number of cores)')
    .option('--shard <i/n>', 'run only the sweep points whose index modulo n is i-1')
    .action(async (paths: string[], flags: RunFlags) => {
      setCode(await runCommand(paths, flags, style));
    });
}
