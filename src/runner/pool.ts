/**
 * Runs jobs on N worker threads (each with its own tfjs), or in this process
 * when asked to (the API, tests). Results come back in job order whatever N is.
 *
 * Training runs off the main thread so that a cancel is honoured at once: one
 * batch of a large model can compute for many seconds without looking at a
 * signal, and a blocked main thread could not even see the signal. The main
 * thread checks, locks and writes each run (execute.ts's prepareRun and
 * finishRun): a point's results are written and its chart drawn while its
 * thread already trains the next point, and the threads never load the chart
 * renderer. A cancel first asks the threads to stop at their next check; a
 * thread still training after CANCEL_GRACE_MS is terminated. A write in
 * progress is let finish (it runs here), so a folder is never half-replaced.
 */
import type { Worker } from 'node:worker_threads';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { HistoryRow } from '../engine/train.js';
import type { RunOutcome } from '../engine/run.js';
import type { ExecOptions, ExecResult, PreparedRun } from './execute.js';
import { cancelledRun, executeRun, finishRun, prepareRun } from './execute.js';
import { UsageError } from '../errors.js';
import { returnWorker, takeWorker } from './warm.js';
import { preloadCharts } from '../results/charts.js';
import type { ProbedFolders } from '../results/target.js';

export interface Job {
  experiment: ResolvedExperiment;
  yamlFile: string;
  dataFiles: DataFile[];
  options: Omit<ExecOptions, 'signal' | 'onStart' | 'onEpoch' | 'onWriting'>;
}
export type WorkerRequest = { type: 'train'; id: number; job: Job } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'epochs'; id: number; rows: HistoryRow[] }
  | { type: 'trained'; id: number; outcome: RunOutcome; tfjsVersion: string }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string; usage: boolean; stack?: string };

export interface PoolHooks {
  signal?: AbortSignal;
  /** Run in this thread instead of worker threads (no forced stop: a cancel waits for the next check). */
  inProcess?: boolean;
  onStart?: (id: number, epochs: number) => void;
  onEpoch?: (id: number, row: HistoryRow) => void;
  onDone?: (id: number, result: ExecResult) => void;
}

/** How long a cancelled thread may take to reach its next check before it is terminated. */
export const CANCEL_GRACE_MS = 400;

async function runInProcess(jobs: Job[], hooks: PoolHooks): Promise<ExecResult[]> {
  const out: ExecResult[] = [];
  for (const [id, job] of jobs.entries()) {
    const r = await executeRun(job.experiment, job, {
      ...job.options, signal: hooks.signal,
      onStart: (_n, epochs) => hooks.onStart?.(id, epochs),
      onEpoch: (row) => hooks.onEpoch?.(id, row),
    });
    out.push(r);
    hooks.onDone?.(id, r);
    if (hooks.signal?.aborted) break;
  }
  return out;
}

interface Thread {
  worker: Worker;
  /** The job it trains, -1 when idle. */
  job: number;
  run: PreparedRun | null;
  /** Stopped by force or failed: not to be reused. */
  spent: boolean;
  /** Resolves the thread's service: no job is left for it. */
  idle: () => void;
}

export async function runJobs(jobs: Job[], workers: number, hooks: PoolHooks = {}): Promise<ExecResult[]> {
  if (hooks.inProcess) return runInProcess(jobs, hooks);
  const n = Math.max(1, Math.min(workers, jobs.length));
  const results: (ExecResult | undefined)[] = new Array(jobs.length);
  const writes: Promise<void>[] = [];
  let failure: unknown = null;
  const fail = (e: unknown) => void (failure ??= e);
  const settle = (id: number, r: ExecResult) => {
    results[id] = r;
    hooks.onDone?.(id, r);
  };
  const threads: Thread[] = takeWorkers(n).map((worker) => ({ worker, job: -1, run: null, spent: false, idle: () => {} }));
  /** Ends a thread's current job: its lock released, its result recorded (a cancel), the thread idle. */
  const drop = (t: Thread, result?: ExecResult) => {
    t.run?.release();
    if (result) settle(t.job, result);
    t.job = -1;
    t.run = null;
  };
  let grace: NodeJS.Timeout | undefined;
  const stopBusy = () => {
    for (const t of threads) if (t.run) {
      t.spent = true;
      void t.worker.terminate();
      drop(t, cancelledRun(t.run));
      t.idle();
    }
  };
  const cancelAll = () => {
    for (const t of threads) t.worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    grace = setTimeout(stopBusy, CANCEL_GRACE_MS);
  };
  hooks.signal?.addEventListener('abort', cancelAll, { once: true });
  // A second Ctrl-C ends the process while threads train or a chart renders: those locks (this process's) must not stay behind.
  const writing = new Set<PreparedRun>();
  const releaseOnExit = () => {
    threads.forEach((t) => t.run?.release());
    writing.forEach((run) => run.release());
  };
  process.once('exit', releaseOnExit);
  const feed = feeder(jobs, hooks, settle, fail, () => failure !== null);
  // While the threads start training, this thread loads the chart renderer the first write needs (idle time here).
  const preload = setImmediate(() => threads.some((t) => t.run) && preloadCharts());
  try {
    await Promise.all(threads.map((t) => serveThread(t, jobs, { feed, drop, fail, settle, writes, writing, hooks })));
    await Promise.all(writes);
  } finally {
    clearImmediate(preload);
    clearTimeout(grace);
    process.off('exit', releaseOnExit);
    hooks.signal?.removeEventListener('abort', cancelAll);
    // Idle, healthy threads stay warm for the next call (the next experiment or sweep of this invocation).
    const reusable = (t: Thread) => !t.spent && failure === null && !hooks.signal?.aborted;
    for (const t of threads) if (reusable(t)) returnWorker(t.worker);
    await Promise.all(threads.filter((t) => !reusable(t)).map((t) => t.worker.terminate()));
  }
  if (failure) throw failure;
  return results.filter((r): r is ExecResult => r !== undefined);
}

/** Gives a thread the next job that must train (up-to-date ones are answered here); false when none is left. */
function feeder(jobs: Job[], hooks: PoolHooks, settle: (id: number, r: ExecResult) => void, fail: (e: unknown) => void, failed: () => boolean) {
  let next = 0;
  const probed: ProbedFolders = new Map();
  return (t: Thread): boolean => {
    while (next < jobs.length && !hooks.signal?.aborted && !failed()) {
      const id = next++;
      const job = jobs[id]!;
      try {
        const run = prepareRun(job.experiment, job, job.options, probed);
        if (!('release' in run)) {
          settle(id, run);
          continue;
        }
        Object.assign(t, { job: id, run });
      } catch (e) {
        fail(e);
        return false;
      }
      hooks.onStart?.(id, job.experiment.fit.epochs);
      t.worker.postMessage({ type: 'train', id, job } satisfies WorkerRequest);
      return true;
    }
    return false;
  };
}

/** n threads, warm ones first; none is left running when one of them fails (a parked thread that died). */
function takeWorkers(n: number): Worker[] {
  const taken: Worker[] = [];
  try {
    while (taken.length < n) taken.push(takeWorker());
  } catch (e) {
    for (const w of taken) void w.terminate();
    throw e;
  }
  return taken;
}

interface ThreadControl {
  feed: (t: Thread) => boolean;
  drop: (t: Thread, result?: ExecResult) => void;
  fail: (e: unknown) => void;
  settle: (id: number, r: ExecResult) => void;
  writes: Promise<void>[];
  writing: Set<PreparedRun>;
  hooks: PoolHooks;
}

/** Feeds one thread jobs until none is left (or a cancel, or a failure); resolves when it is idle for good. */
function serveThread(t: Thread, jobs: Job[], c: ThreadControl): Promise<void> {
  return new Promise<void>((idle) => {
    t.idle = idle;
    const onMessage = (m: WorkerReply) => {
      if (m.id !== t.job || !t.run) return; // a reply of a job already stopped by force
      if (m.type === 'epochs') {
        for (const row of m.rows) c.hooks.onEpoch?.(m.id, row);
        return;
      }
      if (m.type === 'trained') {
        const run = t.run;
        t.job = -1;
        t.run = null;
        // The thread starts the next job first; this one is written here meanwhile (finishRun releases its lock).
        const more = c.feed(t);
        const job = jobs[m.id]!;
        c.writing.add(run);
        c.writes.push(finishRun(run, job.experiment, job, m.outcome, m.tfjsVersion, job.options.point)
          .then((r) => c.settle(m.id, r), c.fail).finally(() => c.writing.delete(run)));
        if (!more) idle();
        return;
      } else if (m.type === 'cancelled') c.drop(t, cancelledRun(t.run));
      else {
        t.spent = true;
        c.drop(t);
        c.fail(m.usage ? new UsageError(m.message) : Object.assign(new Error(m.message), { stack: m.stack }));
      }
      if (!c.feed(t)) idle();
    };
    t.worker.on('message', onMessage);
    t.worker.on('error', (e) => {
      t.spent = true;
      c.drop(t);
      c.fail(e);
      idle();
    });
    if (!c.feed(t)) idle();
  });
}
