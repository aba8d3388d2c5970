/**
 * Runs jobs on N worker threads (each with its own tfjs), or in this process
 * when asked to (the API, tests). Results come back in job order whatever N is.
 *
 * Training runs off the main thread so that a cancel is honoured at once: one
 * batch of a large model can compute for many seconds without looking at a
 * signal, and a blocked main thread could not even see the signal. A cancel
 * first asks the threads to stop at their next check; a thread still busy
 * after CANCEL_GRACE_MS is terminated, unless it is writing results (a write
 * is short and is let finish, so a folder is never left half-replaced).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { HistoryRow } from '../engine/train.js';
import type { ExecOptions, ExecResult } from './execute.js';
import { lockPathOf, releaseOwnedBy } from '../results/lock.js';
import { UsageError } from '../errors.js';

export interface Job {
  experiment: ResolvedExperiment;
  yamlFile: string;
  dataFiles: DataFile[];
  options: Omit<ExecOptions, 'signal' | 'onStart' | 'onEpoch' | 'onWriting'>;
}
export type WorkerRequest = { type: 'run'; id: number; job: Job } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'start'; id: number; epochs: number }
  | { type: 'epoch'; id: number; row: HistoryRow }
  | { type: 'writing'; id: number }
  | { type: 'done'; id: number; result: ExecResult }
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

/** The compiled worker script (tests run the TypeScript sources, so fall back to dist/). */
function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/runner/worker.js', import.meta.url);
}

async function runInProcess(jobs: Job[], hooks: PoolHooks): Promise<ExecResult[]> {
  const { executeRun } = await import('./execute.js');
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

/** The result of a job whose thread was stopped by force: nothing was written. */
function cancelledResult(job: Job): ExecResult {
  const rel = job.options.subdir ?? job.experiment.name;
  return { name: job.experiment.name, status: 'cancelled', metrics: {}, results_dir: resolve(job.options.out, rel), duration_ms: 0, backend: null, engine: null, engine_reason: null, epochs_run: 0, written: false };
}

/** A busy job's lock, which names this process: a terminated thread, or one a second Ctrl-C exits the process under, cannot release it. */
const releaseLockOf = (job: Job) => releaseOwnedBy(lockPathOf(resolve(job.options.out, job.options.subdir ?? job.experiment.name)), process.pid);

/** Terminates a thread busy with `job`. */
function stopByForce(worker: Worker, job: Job): ExecResult {
  void worker.terminate();
  releaseLockOf(job);
  return cancelledResult(job);
}

export async function runJobs(jobs: Job[], workers: number, hooks: PoolHooks = {}): Promise<ExecResult[]> {
  if (hooks.inProcess) return runInProcess(jobs, hooks);
  const n = Math.max(1, Math.min(workers, jobs.length));
  const results: (ExecResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  let failure: Error | null = null;
  const threads = Array.from({ length: n }, () => ({ worker: new Worker(workerUrl()), job: -1, writing: false, done: () => {} }));
  let grace: NodeJS.Timeout | undefined;
  const stopBusy = () => {
    for (const t of threads.filter((t) => t.job >= 0 && !t.writing)) {
      results[t.job] = stopByForce(t.worker, jobs[t.job]!);
      t.job = -1;
      t.done();
    }
  };
  const cancelAll = () => {
    for (const t of threads) t.worker.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    grace = setTimeout(stopBusy, CANCEL_GRACE_MS);
  };
  hooks.signal?.addEventListener('abort', cancelAll, { once: true });
  const releaseOnExit = () => threads.forEach((t) => t.job >= 0 && releaseLockOf(jobs[t.job]!));
  process.once('exit', releaseOnExit);
  try {
    await Promise.all(threads.map((t) => new Promise<void>((resolveThread) => {
      t.done = resolveThread;
      const feed = () => {
        t.job = -1;
        t.writing = false;
        if (next >= jobs.length || hooks.signal?.aborted || failure) return resolveThread();
        t.job = next++;
        t.worker.postMessage({ type: 'run', id: t.job, job: jobs[t.job]! } satisfies WorkerRequest);
      };
      t.worker.on('message', (m: WorkerReply) => {
        if (m.type === 'start') hooks.onStart?.(m.id, m.epochs);
        else if (m.type === 'epoch') hooks.onEpoch?.(m.id, m.row);
        else if (m.type === 'writing') t.writing = true;
        else if (m.type === 'done') {
          results[m.id] = m.result;
          hooks.onDone?.(m.id, m.result);
          feed();
        } else {
          failure ??= m.usage ? new UsageError(m.message) : Object.assign(new Error(m.message), { stack: m.stack });
          resolveThread();
        }
      });
      t.worker.on('error', (e) => {
        failure ??= e;
        resolveThread();
      });
      feed();
    })));
  } finally {
    clearTimeout(grace);
    process.off('exit', releaseOnExit);
    hooks.signal?.removeEventListener('abort', cancelAll);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
  if (failure) throw failure;
  return results.filter((r): r is ExecResult => r !== undefined);
}

