/**
 * Choosing and recording the engine: `auto` takes the fused engine exactly where every piece
 * has a fused form, `--engine fused` refuses the rest, run.json says which engine ran, and a
 * result is up to date only for the engine that would run now. The fused loop's run-time
 * contracts: divergence, cancellation from a timer (it yields to the event loop), early
 * stopping status.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineFor, EngineError, fusedUnsupported } from '../src/engine/fused/plan.js';
import { runExperiment } from '../src/engine/run.js';
import { CancelledError } from '../src/engine/train.js';
import { executeRun } from '../src/runner/execute.js';
import { cliInProcess } from './cli-in-process.js';
import { fromYaml } from './fused-helpers.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-fused-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = (model: string, extra = '') => `name: e
seed: 3
data: {generator: uniform_sum, samples: 60, features: 4, labels: sign}
test: {samples: 20}
model:
${model}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 3, batch_size: 16, validation_split: 0.2}
${extra}`;
const DENSE = '  - {type: dense, units: 6, activation: relu}\n  - {type: dropout, rate: 0.2}\n  - {type: dense, units: 1, activation: tanh}';
const WITH_BN = '  - {type: dense, units: 6, activation: relu}\n  - {type: batch_normalization}\n  - {type: dense, units: 1, activation: tanh}';

describe('which engine runs', () => {
  it('auto: fused for dense/activation/dropout stacks, tfjs for anything else', () => {
    const dense = fromYaml(base(DENSE)).x;
    const bn = fromYaml(base(WITH_BN)).x;
    expect(fusedUnsupported(dense)).toBeNull();
    expect(engineFor(dense)).toBe('fused');
    expect(engineFor(dense, 'tfjs')).toBe('tfjs');
    expect(fusedUnsupported(bn)).toMatch(/batch_normalization/);
    expect(engineFor(bn, 'auto')).toBe('tfjs');
    expect(() => engineFor(bn, 'fused')).toThrow(EngineError);
    const activity = fromYaml(base('  - {type: dense, units: 6, activation: relu, activity_regularizer: l2}\n  - {type: dense, units: 1, activation: tanh}')).x;
    expect(engineFor(activity)).toBe('tfjs');
  });

  it('runExperiment reports the engine that ran and the training time', async () => {
    const l = fromYaml(base(WITH_BN));
    const out = await runExperiment(l.x, l.source, { backend: 'cpu' });
    expect(out.engine).toBe('tfjs');
    expect(out.trainMs).toBeGreaterThan(0);
    await expect(runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' })).rejects.toThrow(EngineError);
  });
});

describe('run.json and the up-to-date check', () => {
  it('records the engine; a result is up to date only for the engine that would run', async () => {
    const l = fromYaml(base(DENSE));
    const out = join(tmp, 'results');
    const run = (engine?: 'tfjs' | 'fused' | 'auto') => executeRun(l.x, l.source, { out, backend: 'cpu', engine });
    const engineOf = () => (JSON.parse(readFileSync(join(out, 'e', 'run.json'), 'utf8')) as { engine: string }).engine;
    expect((await run()).status).toBe('ok');
    expect(engineOf()).toBe('fused');
    expect((await run('fused')).status).toBe('up_to_date');
    expect((await run('tfjs')).status).toBe('ok');
    expect(engineOf()).toBe('tfjs');
    expect((await run('tfjs')).status).toBe('up_to_date');
    expect((await run('auto')).status).toBe('ok');
    expect(engineOf()).toBe('fused');
  });

  it('trainspec run --engine: records the choice, refuses fused where it cannot run', async () => {
    const dense = join(tmp, 'dense.yaml');
    const bn = join(tmp, 'bn.yaml');
    writeFileSync(dense, base(DENSE));
    writeFileSync(bn, base(WITH_BN).replace('name: e', 'name: bn'));
    const out = join(tmp, 'cli');
    // in this process (cli-in-process.ts): the subject is what run records and refuses, not the process
    const cli = (...args: string[]) => cliInProcess(['run', ...args, '--out', out, '-q']);
    const a = await cli(dense, '--engine', 'tfjs');
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'e', 'run.json'), 'utf8')).engine).toBe('tfjs');
    const b = await cli(bn, '--engine', 'fused');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--engine fused cannot train bn: layer 2 \(batch_normalization\) has no fused form/);
    const c = await cli(dense, '--engine', 'nope');
    expect(c.code).not.toBe(0);
  });
});

describe('the fused loop at run time', () => {
  it('divergence: a non-finite loss stops the run as diverged, at the same epoch as tfjs', async () => {
    const l = fromYaml(base('  - {type: dense, units: 6, activation: relu}\n  - {type: dense, units: 1}')
      .replace('{generator: uniform_sum, samples: 60, features: 4, labels: sign}', '{generator: linear, samples: 60, features: 3}')
      .replace('optimizer: adam, loss: hinge, metrics: [accuracy]', 'optimizer: {type: sgd, learning_rate: 1000}, loss: mean_squared_error, metrics: [mae]')
      .replace('epochs: 3', 'epochs: 20'));
    const a = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'tfjs' });
    expect(a.status).toBe('diverged');
    const b = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' });
    expect(b.engine).toBe('fused');
    expect(b.status).toBe('diverged');
    expect(b.epochsRun).toBe(a.epochsRun);
    expect(b.final.test_loss).toBeUndefined();
  });

  it('cancellation from a timer: the loop yields to the event loop and stops within a batch', async () => {
    const l = fromYaml(base(DENSE).replace('epochs: 3', 'epochs: 1000000'));
    const controller = new AbortController();
    let epochs = 0;
    const started = performance.now();
    setTimeout(() => controller.abort(), 150);
    await expect(runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused', signal: controller.signal, onEpoch: () => epochs++ }))
      .rejects.toBeInstanceOf(CancelledError);
    expect(epochs).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('early stopping: status stopped_early, history up to the stopping epoch', async () => {
    const l = fromYaml(base(DENSE).replace('epochs: 3', 'epochs: 200').replace('fit: {', 'fit: {early_stopping: {monitor: val_loss, patience: 2, min_delta: 0.5}, '));
    const out = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' });
    expect(out.status).toBe('stopped_early');
    expect(out.epochsRun).toBe(3);
  });
});
