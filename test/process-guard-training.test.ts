/**
 * The top-level guard during training (slow tier: each case is a process that loads tfjs in a worker thread and
 * trains until the injected failure lands): an uncaught exception and an unhandled rejection in the main thread while
 * a one-worker sweep trains, and a failure in a worker thread of a two-worker sweep. Each ends as one line, a hint,
 * exit 70 and no stack trace. The main thread's command failure and TRAINSPEC_DEBUG stay in the fast tier
 * (process-guard.test.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGuarded, guardFolder, injected } from './process-guard-helpers.js';

let dir: string;
let sweep: string;
beforeAll(() => ({ dir, sweep } = guardFolder()));

describe('the top-level guard during training', () => {
  // One worker where the failure is the main thread's (each worker thread loads tfjs), two where it is a worker's.
  const run = (workers: number) => ['run', sweep, '--out', join(dir, 'out'), '--backend', 'cpu', '--workers', String(workers)];
  const cases: [string, number, RegExp][] = [
    ['uncaught', 1, /internal error: injected: uncaught\n/],
    ['rejection', 1, /internal error: injected: invalid array length\n/],
    ['worker', 2, /internal error: injected: failure in a worker thread\n/],
  ];
  for (const [mode, workers, message] of cases) {
    it(`${mode}: one line, a hint, exit 70, no stack trace`, async () => {
      expectGuarded(await injected(dir, mode, run(workers)), message);
    });
  }
});
