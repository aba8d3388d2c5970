/** A new user's first steps (issue 9, defect 15): the messages and output they meet. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitMetrics, metricsRoom } from '../src/cli/progress.js';
import { cliInProcess } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

const SWEEP = `data: {generator: uniform_sum, samples: 40}
model:
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge}
fit: {epochs: 2}
sweep:
  grid: {compile.optimizer: [adam, sgd]}
`;

describe('run', () => {
  it('in a folder without experiments/ says what to do', async () => {
    const r = await cliInProcess(['run'], { cwd: tempDir('noexp') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no experiments\/ folder here: name an experiment file \(trainspec run path\/to\/x\.yaml\)/);
  });

  it('-q prints the table but not the sweep\'s Markdown summary; a rerun says "NAME: up to date" per point', async () => {
    const dir = tempDir('quiet');
    writeFileSync(join(dir, 's.yaml'), SWEEP);
    const q = await cliInProcess(['run', 's.yaml', '-q', '--backend', 'cpu', '--workers', '1'], { cwd: dir });
    expect(q.code, q.stderr).toBe(0);
    expect(q.stdout).toMatch(/^experiment +status/m);
    expect(q.stdout).not.toMatch(/\| rank \|/);
    expect(q.stderr).toBe('');
    const again = await cliInProcess(['run', 's.yaml', '--backend', 'cpu', '--workers', '1'], { cwd: dir });
    expect(again.stdout).toBe('s/optimizer=adam: up to date\ns/optimizer=sgd: up to date\n');
  });
});

describe('progress bars', () => {
  const row = { epoch: 3, loss: 0.123456, accuracy: 0.5, val_loss: 0.25, val_accuracy: 0.75 };
  it('fit the terminal: whole metrics that fit, never a cut word', () => {
    const room = metricsRoom(80, 'keras-seed-hinge', 150, 16);
    const line = fitMetrics(row, room);
    expect(line.length).toBeLessThanOrEqual(room);
    expect(line).toMatch(/^loss 0\.1235/);
    expect(fitMetrics(row, 200)).toBe('loss 0.1235  accuracy 0.5000  val_loss 0.2500  val_accuracy 0.7500');
    expect(fitMetrics(row, 30)).toBe('loss 0.1235  accuracy 0.5000');
    expect(fitMetrics(row, 3)).toBe('');
  });
});

describe('compare', () => {
  it('of two missing folders names them', async () => {
    const r = await cliInProcess(['compare', 'nope-a', 'nope-b'], { cwd: tempDir('cmp') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such results folder: nope-a, nope-b');
  });

  it('before the first commit says so', async () => {
    const dir = tempDir('cmp0');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const r = await cliInProcess(['compare'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no commit yet to compare with: commit your results first');
    expect(r.stderr).not.toMatch(/unknown git revision/);
  });

  it('outside git says to give two folders', async () => {
    const r = await cliInProcess(['compare'], { cwd: tempDir('cmpnogit') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not in a git repository: give two results folders');
  });

  it('says which settings changed (run.json), e.g. the optimizer adam -> sgd', async () => {
    const dir = tempDir('cmpset');
    const base = join(ROOT, 'examples/results/compare-optimizers');
    mkdirSync(join(dir, 'r'));
    cpSync(join(base, 'optimizer=adam'), join(dir, 'r/adam'), { recursive: true });
    cpSync(join(base, 'optimizer=sgd'), join(dir, 'r/sgd'), { recursive: true });
    const r = await cliInProcess(['compare', 'r/adam', 'r/sgd'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nchanged settings\n/);
    expect(r.stdout).toMatch(/^\. +compile\.optimizer\.type +adam +sgd$/m);
    expect(r.stdout).toMatch(/^\. +compile\.optimizer\.learning_rate +0\.001 +0\.01$/m);
    expect(r.stdout).not.toMatch(/ +data\./);
  });
});

describe('list', () => {
  it('shows each entry\'s parameters with their defaults, as the README tables do', async () => {
    const r = await cliInProcess(['list', 'optimizers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}adam +adaptive moment estimation.*\n +parameters: learning_rate=0\.001, beta_1=0\.9, beta_2=0\.999, epsilon=1e-7, amsgrad=false, decay=0$/m);
    const layers = await cliInProcess(['list', 'layers']);
    expect(layers.stdout).toMatch(/parameters: units, activation="linear", use_bias=true/);
  });
});
