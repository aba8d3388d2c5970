/** `trainspec run` after validation: trains each experiment or sweep point in turn, reports each result, prints the table. */
import { basename, relative } from 'node:path';
import type { LoadResult } from '../load/load.js';
import { metricOrder, num, textTable } from '../results/table.js';
import { upToDateResult, type ExecResult } from '../runner/execute.js';
import { runJobs } from '../runner/pool.js';
import type { ResolvedPoint } from '../sweep/points.js';
import { UsageError } from '../errors.js';
import { interruptSignal, SIGNAL_EXIT } from './interrupt.js';
import type { Style } from './print-issues.js';
import { makeProgress, type Progress } from './progress.js';
import { runSweepPoints, type SweepFlags } from './sweep-run.js';

export interface TrainFlags extends SweepFlags {
  quiet?: boolean;
  json?: boolean;
}

function summaryTable(results: ExecResult[]): string {
  const cols = metricOrder(results.flatMap((r) => Object.keys(r.metrics)));
  return textTable(['experiment', 'status', 'epochs', ...cols], results.map((r) => [r.name, r.status, r.status === 'up_to_date' ? '' : String(r.epochs_run), ...cols.map((c) => num(r.metrics[c]))]));
}

/** What the runs produced, gathered for the closing table; --json prints each result as it comes instead. */
class Report {
  readonly results: ExecResult[] = [];
  readonly summaries: string[] = [];
  readonly upToDate: string[] = [];
  constructor(private readonly flags: TrainFlags, private readonly style: Style) {}

  add(res: ExecResult): void {
    this.results.push(res);
    if (res.status === 'up_to_date' && !this.flags.json) this.upToDate.push(`${res.name}: up to date`);
    if (res.status === 'diverged') process.stderr.write(`${this.style.red('error')}: ${res.name}: diverged at epoch ${res.epochs_run} (loss is not finite)${res.written ? '' : '; earlier results kept'}\n`);
    if (this.flags.json) process.stdout.write(`${JSON.stringify({ name: res.name, status: res.status, metrics: res.metrics, results_dir: res.results_dir, duration_ms: res.duration_ms, backend: res.backend, backend_reason: res.backend_reason, engine: res.engine, engine_reason: res.engine_reason })}\n`);
  }

  /** Up-to-date runs are one line each, as make says it; the table shows what trained. */
  print(): void {
    const trained = this.results.filter((r) => r.status !== 'up_to_date');
    if (this.upToDate.length) process.stdout.write(`${this.upToDate.join('\n')}\n`);
    if (trained.length === 0) return;
    process.stdout.write(`${summaryTable(trained)}\n`);
    if (!this.flags.quiet) for (const s of this.summaries) process.stdout.write(`\n${s}`);
    const used = (k: 'backend' | 'engine') => [...new Set(this.results.map((r) => r[k]).filter(Boolean))].join(', ');
    process.stdout.write(`results: ${relative(process.cwd(), this.flags.out) || '.'}/${used('backend') ? `  (backend: ${used('backend')}; engine: ${used('engine')})` : ''}\n`);
  }
}

async function trainEach(loaded: LoadResult[], plans: Map<LoadResult, ResolvedPoint[]>, flags: TrainFlags, report: Report, progress: Progress, signal: AbortSignal): Promise<void> {
  for (const r of loaded) {
    if (signal.aborted) break;
    const x = r.experiment!;
    const points = plans.get(r);
    if (points) {
      const out = await runSweepPoints(r, points, flags, progress, signal);
      out.results.forEach((res, i) => report.add({ ...res, name: `${basename(out.summaryDir)}/${relative(out.summaryDir, res.results_dir) || i}` }));
      if (out.summary) report.summaries.push(out.summary);
    } else {
      // Trains on a worker thread (a cancel stops even a long batch at once); an up-to-date run needs none.
      const job = { experiment: x, yamlFile: r.abs, dataFiles: r.dataFiles, options: { out: flags.out, force: flags.force, backend: flags.backend, engine: flags.engine } };
      const early = upToDateResult(x, job, job.options);
      const [res] = early ? [early] : await runJobs([job], 1, {
        signal,
        onStart: (_id, epochs) => progress.start(x.name, epochs),
        onEpoch: (_id, row) => progress.epoch(x.name, row, x.fit.epochs),
      });
      if (res) report.add(res);
    }
  }
}

/** Trains everything; the exit code: 0, 1 when a run diverged, 2 on a usage error mid-way, 130/143 when interrupted. */
export async function trainAll(loaded: LoadResult[], plans: Map<LoadResult, ResolvedPoint[]>, flags: TrainFlags, style: Style): Promise<number> {
  // The first Ctrl-C / SIGTERM cancels: the running training stops at its next check and writes nothing.
  const stop = interruptSignal();
  stop.signal.addEventListener('abort', () => process.stderr.write('\ninterrupted: stopping (earlier results are kept)\n'), { once: true });
  const progress: Progress = makeProgress(flags.quiet || flags.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  const report = new Report(flags, style);
  try {
    await trainEach(loaded, plans, flags, report, progress, stop.signal);
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
  if (stop.signal.aborted || report.results.some((r) => r.status === 'cancelled')) return SIGNAL_EXIT[stop.stoppedBy() ?? 'SIGINT'];
  if (!flags.json) report.print();
  return report.results.some((r) => r.status === 'diverged') ? 1 : 0;
}
