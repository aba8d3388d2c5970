/**
 * Runs jobs on N worker threads (each with its own tfjs), or in this
 * process when N is 1. Results come back in job order whatever N is.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { HistoryRow } from '../engine/train.js';
import { executeRun, type ExecOptions, type ExecResult } from './execute.js';
import { UsageError } from '../errors.js';

export interface Job {
  experiment: ResolvedExperiment;
  yamlFile: string;
  dataFiles: DataFile[];
  options: Omit<ExecOptions, 'signal' | 'onStart' | 'onEpoch'>;
}
export type WorkerRequest = { type: 'run'; id: number; job: Job } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'start'; id: number; epochs: number }
  | { type: 'epoch'; id: number; row: HistoryRow }
  | { type: 'done'; id: number; result: ExecResult }
  | { type: 'error'; id: number; message: string; usage: boolean; stack?: string };

export interface PoolHooks {
  signal?: AbortSignal;
  onStart?: (id: number, epochs: number) => void;
  onEpoch?: (id: number, row: HistoryRow) => void;
  onDone?: (id: number, result: ExecResult) => void;
}

/** The compiled worker script (tests run the TypeScript sources, so fall back to dist/). */
function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/runner/worker.js', import.meta.url);
}

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

export async function runJobs(jobs: Job[], workers: number, hooks: PoolHooks = {}): Promise<ExecResult[]> {
  const n = Math.max(1, Math.min(workers, jobs.length));
  if (n === 1) return runInProcess(jobs, hooks);
  const results: (ExecResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  let failure: Error | null = null;
  const threads = Array.from({ length: n }, () => new Worker(workerUrl()));
  const cancelAll = () => threads.forEach((t) => t.postMessage({ type: 'cancel' } satisfies WorkerRequest));
  hooks.signal?.addEventListener('abort', cancelAll, { once: true });
  try {
    await Promise.all(threads.map((t) => new Promise<void>((resolveThread) => {
      const feed = () => {
        if (next >= jobs.length || hooks.signal?.aborted || failure) return resolveThread();
        const id = next++;
        t.postMessage({ type: 'run', id, job: jobs[id]! } satisfies WorkerRequest);
      };
      t.on('message', (m: WorkerReply) => {
        if (m.type === 'start') hooks.onStart?.(m.id, m.epochs);
        else if (m.type === 'epoch') hooks.onEpoch?.(m.id, m.row);
        else if (m.type === 'done') {
          results[m.id] = m.result;
          hooks.onDone?.(m.id, m.result);
          feed();
        } else {
          failure ??= m.usage ? new UsageError(m.message) : Object.assign(new Error(m.message), { stack: m.stack });
          resolveThread();
        }
      });
      t.on('error', (e) => {
        failure ??= e;
        resolveThread();
      });
      feed();
    })));
  } finally {
    hooks.signal?.removeEventListener('abort', cancelAll);
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (failure) throw failure;
  return results.filter((r): r is ExecResult => r !== undefined);
}
