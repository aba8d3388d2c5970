/**
 * Shared by the guard's two test files (process-guard: the fast tier; process-guard-training: the slow tier): a
 * process of the unchanged bin with a failure injected by a module `node --import` preloads, and a sweep that trains
 * long enough for a failure to land mid-training.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { BIN, collect, ROOT, tempDir, type CliResult } from './run-helpers.js';

const HOOK = join(ROOT, 'test/fixtures/process/inject-failure.mjs');

export const STACK_LINE = /^\s+at /m;

/** A temporary folder holding long.yaml, a two-point sweep of 100000 epochs (stopped by the injected failure). */
export function guardFolder(): { dir: string; sweep: string } {
  const dir = tempDir('guard');
  const sweep = join(dir, 'long.yaml');
  writeFileSync(sweep, stringify({
    name: 'long',
    seed: 3,
    data: { generator: 'uniform_sum', samples: 250, features: 5, labels: 'sign' },
    model: [{ type: 'dense', units: 20, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
    fit: { epochs: 100000, batch_size: 32 },
    sweep: { grid: { 'fit.batch_size': [16, 32] } },
  }));
  return { dir, sweep };
}

export function injected(dir: string, mode: string, args: string[], debug = false): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TRAINSPEC_INJECT: mode };
  if (debug) env.TRAINSPEC_DEBUG = '1';
  else delete env.TRAINSPEC_DEBUG;
  return collect(spawn(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** What every injected failure must print: one line, the hint, exit 70, no stack trace. */
export function expectGuarded(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(70);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^trainspec: internal error: /m);
  expect(r.stderr).toMatch(/bug in trainspec \d+\.\d+\.\d+.*TRAINSPEC_DEBUG=1/);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr.match(/internal error/g)).toHaveLength(1);
}
