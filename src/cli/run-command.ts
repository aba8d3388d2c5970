/** `trainspec run [PATH...]`: validates, then trains each experiment that is not up to date. */
import type { Command, Option as OptionClass } from 'commander';
import { relative } from 'node:path';
import { BACKENDS, BackendError, type BackendChoice } from '../engine/tf.js';
import { executeRun, type ExecResult } from '../runner/execute.js';
import { LockedError } from '../results/lock.js';
import { hasErrors } from '../load/issues.js';
import type { Style } from './print-issues.js';
import { makeProgress } from './progress.js';
import { num, textTable } from './table.js';
import { allValid, loadAll, printIssues } from './validate.js';

interface RunFlags {
  out: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  backend: BackendChoice;
  set?: string[];
}

const ORDER = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'];
const metricOrder = (keys: string[]) =>
  [...new Set(keys)].sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));

export function summaryTable(results: ExecResult[]): string {
  const cols = metricOrder(results.flatMap((r) => Object.keys(r.metrics)));
  return textTable(['experiment', 'status', 'epochs', ...cols], results.map((r) => [r.name, r.status, r.status === 'up_to_date' ? '' : String(r.epochs_run), ...cols.map((c) => num(r.metrics[c]))]));
}

export async function runCommand(paths: string[], flags: RunFlags, style: Style): Promise<number> {
  const overrides = flags.set ?? [];
  const loaded = loadAll(paths, overrides);
  printIssues(loaded, style, overrides);
  if (!allValid(loaded)) {
    if (loaded.results.length === 0 && loaded.missing.length === 0) process.stderr.write('trainspec: no experiment files found\n');
    return 2;
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
  const mode = flags.quiet || flags.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines';
  const progress = makeProgress(mode);
  const results: ExecResult[] = [];
  let failed = false;
  try {
    for (const r of loaded.results) {
      if (interrupted || hasErrors(r.issues) || !r.experiment) break;
      const x = r.experiment;
      try {
        const res = await executeRun(x, { yamlFile: r.abs, dataFiles: r.dataFiles }, {
          out: flags.out, force: flags.force, backend: flags.backend, signal: controller.signal,
          onStart: (name, epochs) => progress.start(name, epochs),
          onEpoch: (row, epochs) => progress.epoch(x.name, row, epochs),
        });
        results.push(res);
        if (res.status === 'up_to_date' && !flags.json) process.stderr.write(`${x.name}: up to date\n`);
        if (res.status === 'diverged') {
          failed = true;
          process.stderr.write(`${style.red('error')}: ${x.name}: diverged at epoch ${res.epochs_run} (loss is not finite)${res.written ? '' : '; earlier results kept'}\n`);
        }
        if (flags.json) process.stdout.write(`${JSON.stringify({ name: res.name, status: res.status, metrics: res.metrics, results_dir: res.results_dir, duration_ms: res.duration_ms, backend: res.backend })}\n`);
      } catch (e) {
        if (e instanceof LockedError || e instanceof BackendError) {
          progress.stop();
          process.stderr.write(`${style.red('error')}: ${e.message}\n`);
          return 2;
        }
        throw e;
      }
    }
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  if (interrupted) return 130;
  if (!flags.json && !flags.quiet || (flags.quiet && !flags.json)) {
    process.stdout.write(`${summaryTable(results)}\n`);
    const backends = [...new Set(results.map((r) => r.backend).filter(Boolean))];
    process.stdout.write(`results: ${relative(process.cwd(), flags.out) || '.'}/${backends.length ? `  (backend: ${backends.join(', ')})` : ''}\n`);
  }
  return failed ? 1 : 0;
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
    .option('--set <path=value>', 'override a value (repeatable)', collect)
    .action(async (paths: string[], flags: RunFlags) => {
      setCode(await runCommand(paths, flags, style));
    });
}
