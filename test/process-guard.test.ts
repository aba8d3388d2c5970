/**
 * The top-level guard (issue 9): anything unexpected, wherever it happens (a rejected main(), an
 * uncaught exception, an unhandled rejection, a failing worker thread), ends as one line
 * `trainspec: internal error: ...` with a hint to report it, exit 70 (EX_SOFTWARE), and no stack
 * trace unless TRAINSPEC_DEBUG=1. The failures are real throws made inside an unchanged trainspec by
 * a module that `node --import` preloads (test/fixtures/process/inject-failure.mjs). This file: a failure in the
 * main thread's command (fast tier); the same guard for failures mid-training (an uncaught exception, a rejection,
 * a worker thread's failure, each a training process) is process-guard-training.test.ts in the slow tier. Also
 * `--workers` beyond its bound is refused with exit 2 (a usage message: that case runs in-process, cli-in-process.ts).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { expectGuarded, guardFolder, injected, STACK_LINE } from './process-guard-helpers.js';

let dir: string;
let sweep: string;
beforeAll(() => ({ dir, sweep } = guardFolder()));

describe('the top-level guard', () => {
  it('main: one line, a hint, exit 70, no stack trace', async () => {
    expectGuarded(await injected(dir, 'main', ['list']), /internal error: injected: cannot read properties of undefined\n/);
  });

  it('TRAINSPEC_DEBUG=1 adds the stack trace', async () => {
    const r = await injected(dir, 'main', ['list'], true);
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/internal error: injected/);
    expect(r.stderr).toMatch(STACK_LINE);
    expect(r.stderr).toMatch(/inject-failure\.mjs/);
  });
});

describe('--workers is bounded', () => {
  it('refuses more than 4 per core with exit 2 and the bound', async () => {
    const r = await cliInProcess(['run', sweep, '--workers', '100000', '--out', join(dir, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers 100000 is too many: at most \d+ \(4 per core, \d+ cores here\)/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
