/** Issue 13: trainspec init writes a valid, commented experiment that trains; it never overwrites without --force. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

function project(): string {
  const dir = tempDir('init');
  mkdirSync(join(dir, 'data'));
  for (const f of ['wine.csv', 'wine-test.csv', 'breast_cancer.csv', 'breast_cancer-test.csv']) copyFileSync(join(ROOT, 'experiments', 'data', f), join(dir, 'data', f));
  return dir;
}

describe('trainspec init', () => {
  it('from wine.csv and breast_cancer.csv: files that validate and train to test accuracy >= 0.9', async () => {
    const dir = project();
    for (const [file, target] of [['wine', 'cultivar'], ['breast_cancer', 'malignant']]) {
      const r = await cliInProcess(['init', `${file}.yaml`, '--data', `data/${file}.csv`, '--target', target!], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    }
    const wine = readFileSync(join(dir, 'wine.yaml'), 'utf8');
    expect(wine).toMatch(/^# yaml-language-server: \$schema=\S+experiment\.schema\.json\n/);
    expect(wine).toContain('normalize: standard');
    expect(wine).toMatch(/units: 3\n {4}activation: softmax/);
    expect(readFileSync(join(dir, 'breast_cancer.yaml'), 'utf8')).toMatch(/labels: binary[\s\S]*units: 1\n {4}activation: sigmoid/);
    expect((await cliInProcess(['validate', 'wine.yaml', 'breast_cancer.yaml'], { cwd: dir })).code).toBe(0);
    const run = await cliInProcess(['run', 'wine.yaml', 'breast_cancer.yaml', '--out', 'results', '--json', '--backend', 'cpu', '--workers', '1'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    for (const line of run.stdout.trim().split('\n')) expect(JSON.parse(line).metrics.test_accuracy).toBeGreaterThanOrEqual(0.9);
  }, 300_000);

  it('never overwrites without --force; without flags writes the tutorial experiment', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mine.yaml'), 'mine\n');
    const r = await cliInProcess(['init', 'mine.yaml', '--data', 'data/wine.csv', '--target', 'cultivar'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mine.yaml exists: not overwritten (pass --force to replace it)');
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('mine\n');
    expect((await cliInProcess(['init', 'mine.yaml', '--data', 'data/wine.csv', '--target', 'cultivar', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toContain('target: "cultivar"');
    const t = await cliInProcess(['init'], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(join(dir, 'keras-seed-hinge.yaml'), 'utf8')).toContain('name: keras-seed-hinge');
    expect((await cliInProcess(['validate', 'keras-seed-hinge.yaml'], { cwd: dir })).code).toBe(0);
    const bad = await cliInProcess(['init', 'x.yaml', '--data', 'data/wine.csv', '--target', 'nope'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/data\/wine\.csv:1: target column "nope" not found/);
  }, 120_000);
});
