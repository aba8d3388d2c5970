/**
 * The top-level guard (issue 9): anything unexpected, wherever it happens (a rejected main(), an
 * uncaught exception, an unhandled rejection, a failing worker thread), ends as one line
 * `trainspec: internal error: ...` with a hint to report it, exit 70 (EX_SOFTWARE), and no stack
 * trace unless TRAINSPEC_DEBUG=1. The failures are real throws made inside an unchanged trainspec by
 * a module that `node --import` preloads (test/fixtures/process/inject-failure.mjs); also `--workers`
 * beyond its bound is refused with exit 2 (a usage message: that case runs in-process, cli-in-process.ts).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cliInProcess } from './cli-in-process.js';
import { BIN, ROOT, tempDir } from './run-helpers.js';

const HOOK = join(ROOT, 'test/fixtures/process/inject-failure.mjs');
let dir: string;
let sweep: string;

beforeAll(() => {
  dir = tempDir('guard');
  sweep = join(dir, 'long.yaml');
  writeFileSync(sweep, stringify({
    name: 'long',
    seed: 3,
    data: { generator: 'uniform_sum', samples: 250, features: 5, labels: 'sign' },
    model: [{ type: 'dense', units: 20, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
    fit: { epochs: 100000, batch_size: 32 },
    sweep: { grid: { 'fit.batch_size': [16, 32] } },
  }));
});

function injected(mode: string, args: string[], debug = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINSPEC_INJECT: mode };
    if (debug) env.TRAINSPEC_DEBUG = '1';
    else delete env.TRAINSPEC_DEBUG;
    const child = spawn(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STACK_LINE = /^\s+at /m;

describe('the top-level guard', () => {
  // A sweep under way, a worker thread training: one worker where the failure is the main thread's (each worker
  // thread loads tfjs), two where it is a worker's.
  const run = (workers: number) => () => ['run', sweep, '--out', join(dir, 'out'), '--backend', 'cpu', '--workers', String(workers)];
  const cases: [string, () => string[], RegExp][] = [
    ['main', () => ['list'], /internal error: injected: cannot read properties of undefined\n/],
    ['uncaught', run(1), /internal error: injected: uncaught\n/],
    ['rejection', run(1), /internal error: injected: invalid array length\n/],
    ['worker', run(2), /internal error: injected: failure in a worker thread\n/],
  ];
  for (const [mode, args, message] of cases) {
    it(`${mode}: one line, a hint, exit 70, no stack trace`, async () => {
      const r = await injected(mode, args());
      expect(r.code, r.stderr).toBe(70);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^trainspec: internal error: /m);
      expect(r.stderr).toMatch(/bug in trainspec \d+\.\d+\.\d+.*TRAINSPEC_DEBUG=1/);
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr.match(/internal error/g)).toHaveLength(1);
    });
  }

  it('TRAINSPEC_DEBUG=1 adds the stack trace', async () => {
    const r = await injected('main', ['list'], true);
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
