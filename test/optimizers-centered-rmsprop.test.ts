/**
 * Centered rmsprop on the tutorial's hinge job (experiments/keras-seed-hinge.yaml): tfjs's rule computed
 * sqrt(ms - (mg^2 + eps)), NaN for any weight whose first gradient is below ~1e-3, and this job diverged at epoch 1
 * on both engines. (Split from optimizers-keras2-band.test.ts, which is in the slow tier: this case stays fast.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunOutcome } from '../src/engine/run.js';
import { fromYaml } from './fused-helpers.js';
import { ROOT } from './run-helpers.js';

const TUTORIAL = readFileSync(join(ROOT, 'experiments/keras-seed-hinge.yaml'), 'utf8');

async function run(seed: number, optimizer: string, engine: 'fused' | 'tfjs', epochs: number): Promise<RunOutcome> {
  const yaml = TUTORIAL.replace(/^seed: .*$/m, `seed: ${seed}`).replace(/^ {2}optimizer: .*$/m, `  optimizer: ${optimizer}`)
    .replace(/^ {2}epochs: 150$/m, `  epochs: ${epochs}`);
  expect(yaml).toContain(`optimizer: ${optimizer}`);
  expect(yaml).toContain(`epochs: ${epochs}`);
  const l = fromYaml(yaml, `hinge-${seed}`);
  return runExperiment(l.x, l.source, { backend: 'cpu', engine });
}

describe('centered rmsprop', () => {
  // The tfjs engine (about 10 ms a step here) runs the first 20 epochs only. Not fewer: with tfjs's own centered rule
  // (tf.train.rmsprop) in its place this job stays finite through epoch 15 and diverges at epoch 16 (checked).
  it.each([['fused', 150], ['tfjs', 20]] as const)('trains the tutorial job without NaN (%s engine, %i epochs)', async (engine, epochs) => {
    const o = await run(42, '{type: rmsprop, centered: true}', engine, epochs);
    expect(o.status).toBe('ok');
    expect(o.epochsRun).toBe(epochs);
    for (const row of o.history) for (const [k, v] of Object.entries(row)) expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
    if (epochs === 150) expect(o.final.test_accuracy).toBeGreaterThan(0.9);
  });
});
