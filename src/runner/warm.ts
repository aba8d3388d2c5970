/**
 * Worker threads kept warm between runJobs calls of one process: a thread
 * loads its modules (tfjs, the registries, the engines) once, ~150 ms, and
 * then trains every run of the invocation (each experiment of
 * `trainspec run experiments`, every sweep). The CLI starts one before it
 * reads and validates the files, so the loading overlaps that work.
 * A parked thread is unref'd: it never keeps the process alive.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The worker script: the bundled one (dist/bundle/, scripts/bundle.mjs: one module graph of a few
 * files, which loads ~250 ms faster) when the build made it, else the compiled module beside this
 * one; tests run the TypeScript sources, so they look in dist/ the same way.
 */
const WORKER_CANDIDATES = ['../bundle/worker.js', './worker.js', '../../dist/bundle/worker.js', '../../dist/runner/worker.js'];
let found: URL | undefined;
function workerUrl(): URL {
  found ??= WORKER_CANDIDATES.map((rel) => new URL(rel, import.meta.url)).find((u) => existsSync(fileURLToPath(u)))
    ?? new URL('../../dist/runner/worker.js', import.meta.url);
  return found;
}

interface Parked {
  worker: Worker;
  /** What ended the thread while it was parked (its failure surfaces when it is taken). */
  failure: unknown;
  exited: boolean;
}

const parked: Parked[] = [];

/** `first`: the thread is taken next (the one that ran last is the warmest: its JIT code and heap are hot). */
function park(worker: Worker, first = false): void {
  const p: Parked = { worker, failure: null, exited: false };
  worker.on('error', (e) => void (p.failure ??= e));
  worker.on('exit', () => void (p.exited = true));
  worker.unref();
  if (first) parked.unshift(p);
  else parked.push(p);
}

/** Starts threads until `n` are parked (they load their modules meanwhile). */
export function prestartWorkers(n: number): void {
  while (parked.length < n) park(new Worker(workerUrl()));
}

/** A parked thread, or a new one. A thread that failed while parked throws its failure (a bug, as in a running thread). */
export function takeWorker(): Worker {
  const p = parked.shift();
  if (!p) return new Worker(workerUrl());
  p.worker.removeAllListeners('error');
  p.worker.removeAllListeners('exit');
  p.worker.ref();
  if (p.failure) throw p.failure;
  return p.exited ? new Worker(workerUrl()) : p.worker;
}

/** Returns an idle, healthy thread for the next runJobs call (listeners of the last call removed). */
export function returnWorker(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  park(worker, true);
}
