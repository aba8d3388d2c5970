/**
 * Ctrl-C (SIGINT) and SIGTERM stop a run: exit 130 / 143, nothing written (no results folder, no
 * temporary folder, no lock), earlier results kept byte for byte; also when the signal comes during
 * the test pass after the last epoch (issue 9, defect 9: that run wrote full results and exited 130),
 * during a parallel sweep, or twice. How fast it stops is not asserted (that is the benchmarks' job);
 * every case must end well within the test's timeout.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BANNER, BIN, snapshot, tempDir } from './run-helpers.js';

const NAME = 'endless';
let dir: string;
let file: string;
let lastEpoch: string;
let sweep: string;
let longBatch: string;

const base = {
  seed: 3,
  data: { generator: 'uniform_sum', samples: 250, features: 5, labels: 'sign' },
  test: { samples: 50 },
  model: [{ type: 'dense', units: 20, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
  compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
  fit: { epochs: 100000, batch_size: 32, validation_split: 0.2 },
};

beforeAll(() => {
  dir = tempDir('sigint');
  file = join(dir, `${NAME}.yaml`);
  writeFileSync(file, stringify({ name: NAME, ...base }));
  // One quick epoch, then a test pass over 100k rows through 1024 units: the signal lands in it.
  lastEpoch = join(dir, 'last-epoch.yaml');
  writeFileSync(lastEpoch, stringify({
    ...base, name: 'last-epoch',
    data: { ...base.data, samples: 100 }, test: { samples: 100000 },
    model: [{ type: 'dense', units: 1024, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    fit: { epochs: 1, batch_size: 50 },
  }));
  // One batch of this model computes for a minute or more on tfjs's cpu backend (~100 GFLOP): a
  // cancel that waited for the batch to end would outlast the test's timeout.
  longBatch = join(dir, 'long-batch.yaml');
  writeFileSync(longBatch, stringify({
    ...base, name: 'long-batch', test: { samples: 10 },
    data: { ...base.data, samples: 2000, features: 3000 },
    model: [{ type: 'dense', units: 3000, activation: 'tanh' }, { type: 'dense', units: 3000, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    fit: { epochs: 1, batch_size: 2000 },
  }));
  sweep = join(dir, 'sweep.yaml');
  writeFileSync(sweep, stringify({ ...base, name: 'sweep', sweep: { grid: { 'fit.batch_size': [16, 32, 64] } } }));
});

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `trainspec run ARGS`, sends `signals` once stderr matches `when`, and waits for the exit. */
function interrupt(args: string[], when: RegExp, signals: NodeJS.Signals[] = ['SIGINT']): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args, '--backend', 'cpu', '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      // Non-TTY progress: plain lines.
      if (!sent && when.test(stderr)) {
        sent = true;
        for (const s of signals) child.kill(s);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const firstEpoch = new RegExp(`${NAME}: epoch 1/`);

describe('SIGINT and SIGTERM during a run', () => {
  it('SIGINT: exits 130 and writes no results folder', async () => {
    const out = join(dir, 'fresh');
    const r = await interrupt([file, '--out', out], firstEpoch);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stdout + r.stderr).not.toMatch(BANNER);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at /);
    // Nothing at all: no results folder, no .tmp- folder, no lock.
    expect(readdirSync(out)).toEqual([]);
  });

  it('SIGTERM: exits 143 (128 + 15, as a shell reports a terminated process) and writes nothing', async () => {
    const out = join(dir, 'term');
    const r = await interrupt([file, '--out', out], firstEpoch, ['SIGTERM']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(143);
    expect(readdirSync(out)).toEqual([]);
  });

  it('keeps the previous results byte-identical', async () => {
    const out = join(dir, 'kept');
    const previous = join(out, NAME);
    mkdirSync(join(previous, 'model'), { recursive: true });
    writeFileSync(join(previous, 'metrics.json'), '{"epochs_run": 3, "final": {"loss": 0.5}, "status": "ok"}\n');
    writeFileSync(join(previous, 'run.json'), '{"hash": "sha256:earlier"}\n');
    writeFileSync(join(previous, 'model/weights.bin'), Buffer.from([1, 2, 3, 4]));
    const before = snapshot(out);
    const r = await interrupt([file, '--out', out], firstEpoch);
    expect(r.code, r.stderr).toBe(130);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out)).toEqual([NAME]);
  });

  it('a signal after the last epoch (during the test pass) still writes nothing', async () => {
    const out = join(dir, 'last');
    const r = await interrupt([lastEpoch, '--out', out], /last-epoch: epoch 1\/1/);
    expect(r.code, r.stderr).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a second Ctrl-C ends the process with 130, its messages whole', async () => {
    const out = join(dir, 'twice');
    const r = await interrupt([file, '--out', out], firstEpoch, ['SIGINT', 'SIGINT']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted: stopping[^\n]*\n$/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a batch that computes for a minute: stopped at once (training runs on a thread that is terminated), nothing written', async () => {
    const out = join(dir, 'long');
    const started = Date.now();
    const r = await interrupt([longBatch, '--out', out, '--engine', 'tfjs'], /long-batch: training 1 epochs/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout + r.stderr).not.toMatch(/internal error/);
    expect(readdirSync(out)).toEqual([]);
    // Not a timing assertion on the cancel itself: the batch alone takes far longer than this bound.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('a parallel sweep: the workers stop, no point and no summary is written', async () => {
    const out = join(dir, 'sweep');
    const r = await interrupt([sweep, '--out', out, '--workers', '2'], /sweep\/batch_size=\d+: epoch 1\//);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout + r.stderr).not.toMatch(/internal error/);
    const left = readdirSync(out);
    expect(left.length <= 1, left.join(' ')).toBe(true);
    if (left.length) expect(readdirSync(join(out, 'sweep'))).toEqual([]);
  });
});
