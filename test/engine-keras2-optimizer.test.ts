/**
 * The machinery under the Keras 2 rules (engine/keras2-optimizer.ts): state saved and restored
 * continues a run exactly, dispose frees every tensor, and the schema takes Keras 2's ranges.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { defaults } from '../src/registry/entry.js';
import { optimizers } from '../src/registry/optimizers.js';
import { fromYaml } from './fused-helpers.js';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf;
});

const GRADS = [[0.3, -0.2, 1e-4], [0.25, 0.1, -2e-4], [-0.1, 0.05, 1e-4]];

async function build(name: string, given: Record<string, unknown>): Promise<TF.Optimizer> {
  const e = optimizers.get(name)!;
  return e.build(tf, { type: name, ...defaults(e.params as TProperties, given) });
}

function apply(opt: TF.Optimizer, v: TF.Variable, g: number[]): void {
  const t = tf.tensor1d(g);
  opt.applyGradients({ [v.name]: t });
  t.dispose();
}

describe('Keras 2 optimizers in tfjs', () => {
  it.each([
    ['sgd', { momentum: 0.9, decay: 0.5 }], ['rmsprop', { centered: true, momentum: 0.5 }], ['adagrad', {}],
    ['adadelta', { decay: 0.1 }], ['adam', { amsgrad: true }], ['adamax', {}],
  ] as const)('%s: getWeights then setWeights on a new instance continues the run exactly', async (name, given) => {
    const a = tf.variable(tf.tensor1d([0.5, -1.5, 0.02]), true, `k2_rt_a_${name}`);
    const b = tf.variable(tf.tensor1d([0.5, -1.5, 0.02]), true, `k2_rt_b_${name}`);
    const first = await build(name, given), second = await build(name, given), third = await build(name, given);
    try {
      apply(first, a, GRADS[0]!); apply(first, a, GRADS[1]!);
      apply(third, b, GRADS[0]!); apply(third, b, GRADS[1]!); // b follows the same path to have its slots
      const saved = await first.getWeights();
      // slots renamed for b's variable, as a restore into another model would
      await second.setWeights(saved.map((w, i) => (i === 0 ? w : { name: w.name.replace(a.name, b.name), tensor: w.tensor })));
      saved[0]!.tensor.dispose();
      b.assign(a);
      apply(first, a, GRADS[2]!);
      apply(second, b, GRADS[2]!);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(second.iterations).toBe(3);
    } finally {
      for (const o of [first, second, third]) o.dispose();
      a.dispose(); b.dispose();
    }
  });

  it('dispose frees every tensor the optimizer made', async () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]), true, 'k2_dispose');
    const before = tf.memory().numTensors;
    const opt = await build('rmsprop', { centered: true, momentum: 0.5 });
    for (const g of GRADS) apply(opt, v, g);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });
});

describe('schema: Keras 2 ranges', () => {
  const yaml = (opt: string) => `data: {generator: uniform_sum, samples: 20, features: 2, threshold: 1, labels: sign}
model: [{type: dense, units: 1, activation: tanh}]
compile: {optimizer: ${opt}, loss: hinge}
`;
  it('takes adagrad initial_accumulator_value 0 (Keras 2) and 0.1 (tf.keras), rejects < 0', () => {
    expect(fromYaml(yaml('{type: adagrad, initial_accumulator_value: 0}')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0 });
    expect(fromYaml(yaml('{type: adagrad, initial_accumulator_value: 0.1}')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0.1 });
    expect(() => fromYaml(yaml('{type: adagrad, initial_accumulator_value: -0.1}'))).toThrow(/initial_accumulator_value/);
  });
  it('fills Keras 2 defaults: adagrad starts at 0, decay 0; nadam takes schedule_decay and no decay, as in Keras 2', () => {
    expect(fromYaml(yaml('adagrad')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0, epsilon: 1e-7, decay: 0 });
    expect(fromYaml(yaml('nadam')).x.compile.optimizer).toMatchObject({ schedule_decay: 0.004 });
    expect(() => fromYaml(yaml('{type: nadam, decay: 0.1}'))).toThrow(/decay/);
    expect(() => fromYaml(yaml('{type: sgd, decay: -1}'))).toThrow(/decay/);
  });
});
