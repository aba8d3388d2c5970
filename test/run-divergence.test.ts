/**
 * A loss that turns NaN or infinite stops the run at once: exit code 1,
 * "diverged at epoch N" on stderr; metrics.json says "diverged" when there
 * were no earlier results, and earlier good results are left untouched.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BANNER, changedFiles, snapshot, tempDir } from './run-helpers.js';
import { cliInProcess } from './cli-in-process.js';

const NAME = 'blowup';
const EPOCHS = 40;
let dir: string;
let file: string;

beforeAll(() => {
  dir = tempDir('diverge');
  file = join(dir, `${NAME}.yaml`);
  // Linear regression with sgd at learning rate 1e6: the weights explode within a few steps.
  writeFileSync(file, stringify({
    name: NAME,
    seed: 1,
    data: { generator: 'linear', samples: 100, features: 3 },
    model: [{ type: 'dense', units: 4 }, { type: 'dense', units: 1 }],
    compile: { optimizer: { type: 'sgd', learning_rate: 1e6 }, loss: 'mse', metrics: ['mae'] },
    fit: { epochs: EPOCHS, batch_size: 10, validation_split: 0.2 },
  }));
});

const args = (out: string, extra: string[]) => ['run', file, '--out', join(dir, out), '--backend', 'cpu', '--force', ...extra];
/**
 * In this process (cli-in-process.ts): both cases check output, files and the exit code, not the process (that a
 * real process's stderr never shows tfjs's banner is run-reproducible's check).
 */
const runHere = (out: string, ...extra: string[]) => cliInProcess(args(out, extra));

describe('a diverging run', () => {
  it('with no earlier results: exit 1, "diverged at epoch N", metrics.json status diverged after N epochs', async () => {
    const r = await runHere('fresh');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(BANNER);
    const m = /blowup: diverged at epoch (\d+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const n = Number(m![1]);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(EPOCHS); // stopped at once, not at the end
    const metrics = JSON.parse(readFileSync(join(dir, 'fresh', NAME, 'metrics.json'), 'utf8'));
    expect(metrics.status).toBe('diverged');
    expect(metrics.epochs_run).toBe(n);
    // The last loss is not a number; JSON has no NaN, so it is null.
    expect(metrics.final.loss).toBeNull();
    const rows = readFileSync(join(dir, 'fresh', NAME, 'history.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + n);
    expect(rows[n]!.split(',')[1]).toMatch(/^(nan|-?infinity)$/);
    expect(readdirSync(join(dir, 'fresh'))).toEqual([NAME]);
  });

  it('over earlier good results: exit 1 and the earlier results stay byte-identical', async () => {
    const good = await runHere('kept', '--set', 'compile.optimizer.learning_rate=0.01');
    expect(good.code, good.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(dir, 'kept', NAME, 'metrics.json'), 'utf8'));
    expect(metrics.status).toBe('ok');
    expect(metrics.epochs_run).toBe(EPOCHS);
    const before = snapshot(join(dir, 'kept'));

    const bad = await runHere('kept');
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/blowup: diverged at epoch \d+ .*earlier results kept/);
    expect(changedFiles(before, snapshot(join(dir, 'kept')))).toEqual([]);
    expect(readdirSync(join(dir, 'kept'))).toEqual([NAME]);
  });
});
