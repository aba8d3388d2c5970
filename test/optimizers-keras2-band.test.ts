/**
 * End to end: the tutorial's hinge job (experiments/keras-seed-hinge.yaml: tanh, 150 epochs)
 * under each optimizer, over seeds 1..8, lands where Keras 2's rules put it.
 *
 * REFERENCE holds mean and standard deviation of test accuracy and final training loss from
 * bench/keras2/reference.py: Keras 2's rules written out in PyTorch, trained on the very rows
 * trainspec trains on for seeds 1..8 (bench/keras2/data.mjs), with PyTorch's own initial weights
 * and batch order — so only the distributions compare, not single runs. Accuracy must agree
 * within max(0.03, 2 standard errors of the difference of the means); the final loss of adagrad
 * and adadelta (the two whose rules moved the most) within 10%.
 *
 * Fused engine (about 30 ms a training); the tfjs engine's rules are pinned to the same
 * numbers by test/registry-optimizers.test.ts and test/fused-parity.test.ts.
 *
 * In the slow tier (npm run test:all; vitest.config.ts says why): 56 full trainings (7 optimizers x 8 seeds x 150
 * epochs) are the subject, a distribution against Keras 2's; each rule's steps are checked in the fast tier by
 * registry-optimizers.test.ts (worked examples against float64 references, fused = tfjs step by step).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunOutcome } from '../src/engine/run.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { fromYaml } from './fused-helpers.js';
import { ROOT } from './run-helpers.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** bench/keras2/reference.py on seeds 1..8: [mean, sd] of test accuracy and final loss. */
const REFERENCE: Record<string, { acc: [number, number]; loss: [number, number] }> = {
  sgd: { acc: [0.9025, 0.0479], loss: [0.4515, 0.0547] },
  rmsprop: { acc: [0.9613, 0.0217], loss: [0.2608, 0.0334] },
  adagrad: { acc: [0.9112, 0.0342], loss: [0.4115, 0.0351] },
  adadelta: { acc: [0.9681, 0.0217], loss: [0.2024, 0.0303] },
  adam: { acc: [0.9644, 0.0229], loss: [0.2563, 0.03] },
  adamax: { acc: [0.9119, 0.0363], loss: [0.3898, 0.0489] },
  nadam: { acc: [0.9725, 0.0165], loss: [0.1523, 0.0253] },
};

const TUTORIAL = readFileSync(join(ROOT, 'experiments/keras-seed-hinge.yaml'), 'utf8');

async function run(seed: number, optimizer: string): Promise<RunOutcome> {
  const yaml = TUTORIAL.replace(/^seed: .*$/m, `seed: ${seed}`).replace(/^ {2}optimizer: .*$/m, `  optimizer: ${optimizer}`);
  expect(yaml).toContain(`optimizer: ${optimizer}`);
  const l = fromYaml(yaml, `hinge-${seed}`);
  return runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' });
}

function meanSd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))];
}

describe('the tutorial job per optimizer lands in the Keras 2 band', () => {
  it('has a reference for every optimizer', () => {
    expect(Object.keys(REFERENCE).sort()).toEqual([...optimizers.names].sort());
  });

  it.each(optimizers.names.map((n) => [n]))('%s', async (name) => {
    const ref = REFERENCE[name]!;
    const outcomes = [];
    for (const seed of SEEDS) outcomes.push(await run(seed, name));
    for (const o of outcomes) expect(o.status).toBe('ok');
    const [acc, accSd] = meanSd(outcomes.map((o) => o.final.test_accuracy!));
    const [loss] = meanSd(outcomes.map((o) => o.final.loss!));
    const se = Math.sqrt((accSd ** 2 + ref.acc[1] ** 2) / SEEDS.length);
    const summary = `${name}: test accuracy ${acc.toFixed(4)} ± ${accSd.toFixed(4)} (Keras 2 rules ${ref.acc[0]} ± ${ref.acc[1]}), loss ${loss.toFixed(4)} (${ref.loss[0]})`;
    expect(Math.abs(acc - ref.acc[0]), summary).toBeLessThanOrEqual(Math.max(0.03, 2 * se));
    if (name === 'adagrad' || name === 'adadelta') expect(Math.abs(loss - ref.loss[0]) / ref.loss[0], summary).toBeLessThanOrEqual(0.1);
  });
});
