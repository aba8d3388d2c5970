/**
 * Same file, seed and backend → byte-identical results in a new process;
 * an unchanged experiment is "up to date" and trains nothing; another seed
 * gives other numbers. The first run is a new process (a new process is the subject), compared with the same run in
 * this one (cli-in-process.ts), a process that has already loaded tfjs, kept its worker threads and trained other
 * tests' runs: a result that leaned on anything a process carries from run to run would differ (two new processes
 * would only show that two equal starts agree, for a second ~1 s process). The reruns run in-process too: "up to
 * date" and another seed's numbers are about files and output.
 * The spawned run is also the suite's check that a real process's stderr never shows tfjs's banner (the other run
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
let seed: CliResult;

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
  // A new process and this one at once, into two folders; here, another seed's run first, so that this process
  // (and its worker thread) has surely trained before its seed-42 run, whatever ran before this file.
  const args = (o: string) => ['run', file, '--out', join(dir, o), '--backend', 'cpu', '--force'];
  const here = async () => {
    seed = await cliInProcess([...args('c'), '--set', 'seed=43']);
    return cliInProcess(args('b'));
  };
  [a, b] = await Promise.all([cli(args('a')), here()]);
});

describe('trainspec run is reproducible', () => {
  it('a new process writes byte-identical results to a run in a process that has trained before', () => {
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(BANNER);
    }
    for (const f of FILES) {
      const x = readFileSync(join(dir, 'a', NAME, f));
      const y = readFileSync(join(dir, 'b', NAME, f));
      expect(x.equals(y), `${f} differs between a new process and this one`).toBe(true);
    }
    const m = JSON.parse(readFileSync(join(dir, 'a', NAME, 'metrics.json'), 'utf8'));
    expect(m.status).toBe('ok');
    expect(m.epochs_run).toBe(10);
  });

  it('runs again: "up to date", trains nothing, changes nothing; another seed gives other metrics', async () => {
    const before = snapshot(join(dir, 'a'));
    const again = await cliInProcess(['run', file, '--out', join(dir, 'a'), '--backend', 'cpu']);
    expect(again.code, again.stderr).toBe(0);
    // As the README shows it: one line, no table.
    expect(again.stdout).toBe(`${NAME}: up to date\n`);
    expect(again.stderr).not.toMatch(/training|epoch \d+/);
    expect(changedFiles(before, snapshot(join(dir, 'a')))).toEqual([]);

    // the seed-43 run (beforeAll)
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
