/**
 * Ctrl-C stops a run within a second with exit code 130, writes nothing
 * half-done and keeps earlier results; no temporary folder or lock is left.
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

beforeAll(() => {
  dir = tempDir('sigint');
  file = join(dir, `${NAME}.yaml`);
  writeFileSync(file, stringify({
    name: NAME,
    seed: 3,
    data: { generator: 'uniform_sum', samples: 250, features: 5, labels: 'sign' },
    test: { samples: 50 },
    model: [{ type: 'dense', units: 20, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
    fit: { epochs: 100000, batch_size: 32, validation_split: 0.2 },
  }));
});

/** Starts a long run, sends SIGINT once the first epoch is reported, and times the exit. */
function interrupt(out: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', file, '--out', out, '--backend', 'cpu', '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      // Non-TTY progress: plain lines; the first epoch line means training is under way.
      if (!sentAt && /endless: epoch 1\//.test(stderr)) {
        sentAt = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      const ms = performance.now() - sentAt;
      child.on('close', () => resolve({ code, signal, ms: sentAt ? ms : NaN, stdout, stderr }));
    });
  });
}

describe('SIGINT during a run', () => {
  it('exits 130 within a second and writes no results folder', async () => {
    const out = join(dir, 'fresh');
    const r = await interrupt(out);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(1000);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stdout + r.stderr).not.toMatch(BANNER);
    // Nothing at all: no results folder, no .tmp- folder, no lock.
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
    const r = await interrupt(out);
    expect(r.code, r.stderr).toBe(130);
    expect(r.ms).toBeLessThan(1000);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out)).toEqual([NAME]);
  });
});
