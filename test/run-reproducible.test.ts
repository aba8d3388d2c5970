/**
 * Same file, seed and backend → byte-identical results in a new process;
 * an unchanged experiment is "up to date" and trains nothing; another seed
 * gives other numbers. The two first runs are separate processes (a new process is the subject); the reruns run
 * in-process (cli-in-process.ts): "up to date" and another seed's numbers are about files and output.
 * The spawned runs are also the suite's check that a real process's stderr never shows tfjs's banner (the other run
 * tests run in-process, where it would not reach the captured output).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { BANNER, changedFiles, cli, snapshot, tempDir, type CliResult } from './run-helpers.js';

const NAME = 'repro';
const FILES = ['metrics.json', 'history.csv', 'run.json', 'preprocessing.json', 'model/model.json', 'model/weights.bin', 'curves.svg'];

let dir: string;
let file: string;
let a: CliResult;
let b: CliResult;

beforeAll(async () => {
  dir = tempDir('repro');
  file = join(dir, `${NAME}.yaml`);
  // Shuffling, unseeded initializers and dropout all draw random numbers.
  writeFileSync(file, stringify({
    name: NAME,
    seed: 42,
    data: { generator: 'uniform_sum', samples: 200, features: 5, labels: 'sign' },
    test: { samples: 100 },
    model: [
      { type: 'dense', units: 12, activation: 'tanh' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 1, activation: 'tanh' },
    ],
    compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
    fit: { epochs: 10, batch_size: 16, validation_split: 0.2, shuffle: true },
  }));
  // Two separate processes at once, into two folders.
  [a, b] = await Promise.all(['a', 'b'].map((o) => cli(['run', file, '--out', join(dir, o), '--backend', 'cpu', '--force'])));
});

describe('trainspec run is reproducible', () => {
  it('two processes write byte-identical results', () => {
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(BANNER);
    }
    for (const f of FILES) {
      const x = readFileSync(join(dir, 'a', NAME, f));
      const y = readFileSync(join(dir, 'b', NAME, f));
      expect(x.equals(y), `${f} differs between two processes`).toBe(true);
    }
    const m = JSON.parse(readFileSync(join(dir, 'a', NAME, 'metrics.json'), 'utf8'));
    expect(m.status).toBe('ok');
    expect(m.epochs_run).toBe(10);
  });

  it('runs again: "up to date", trains nothing, changes nothing; another seed gives other metrics', async () => {
    const before = snapshot(join(dir, 'a'));
    const again = await cliInProcess(['run', file, '--out', join(dir, 'a'), '--backend', 'cpu']);
    const seed = await cliInProcess(['run', file, '--out', join(dir, 'c'), '--backend', 'cpu', '--force', '--set', 'seed=43']);
    expect(again.code, again.stderr).toBe(0);
    // As the README shows it: one line, no table.
    expect(again.stdout).toBe(`${NAME}: up to date\n`);
    expect(again.stderr).not.toMatch(/training|epoch \d+/);
    expect(changedFiles(before, snapshot(join(dir, 'a')))).toEqual([]);

    expect(seed.code, seed.stderr).toBe(0);
    const m43 = readFileSync(join(dir, 'c', NAME, 'metrics.json'), 'utf8');
    const m42 = readFileSync(join(dir, 'a', NAME, 'metrics.json'), 'utf8');
    expect(m43).not.toBe(m42);
    const f42 = JSON.parse(m42).final;
    const f43 = JSON.parse(m43).final;
    expect(f43.loss).not.toBe(f42.loss);
    expect(f43.test_loss).not.toBe(f42.test_loss);
  });
});
