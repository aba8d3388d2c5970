/**
 * nadam's facts beyond the shared checks: with schedule_decay 1 it reproduces Keras 3's golden
 * values (keras/src/optimizers/nadam_test.py), the Keras 2 default schedule differs from it on
 * the first step, and the tfjs Optimizer works under tfjs's own LayersModel.fit.
 */
import type { TProperties } from '@sinclair/typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { defaults, type Tf } from '../src/registry/entry.js';
import { nadam } from '../src/registry/optimizers/nadam.js';

// tfjs as trainspec loads it (core, layers, cpu: the same objects as @tensorflow/tfjs's, test/engine-tf.test.ts);
// importing the whole @tensorflow/tfjs bundle as well would cost this worker about half a second of CPU.
let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
});

const build = (given: Record<string, unknown>) => nadam.build(tf, defaults(nadam.params as TProperties, given) as never);
const mkVar = (values: number[], name: string) => tf.tidy(() => tf.variable(tf.tensor1d(values), true, name));

function expectRelClose(actual: ArrayLike<number>, expected: number[], rel: number): void {
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i]!)));
  }
}

describe('nadam with schedule_decay 1 reproduces the golden values of Keras 3', () => {
  it('test_single_step', () => {
    const opt = build({ learning_rate: 0.5, schedule_decay: 1 });
    const x = mkVar([1, 2, 3, 4], 'nadam_golden_single');
    const g = tf.tensor1d([1, 6, 7, 2]);
    opt.applyGradients({ [x.name]: g });
    expectRelClose(x.dataSync(), [0.4686, 1.4686, 2.4686, 3.4686], 1e-4);
    opt.dispose();
    tf.dispose([x, g]);
  });

  it('test_correctness_with_golden', () => {
    const opt = build({ learning_rate: 0.5, beta_1: 0.5, beta_2: 0.67, epsilon: 1e-5, schedule_decay: 1 });
    const x = tf.tidy(() => tf.variable(tf.ones([10]), true, 'nadam_golden_multi'));
    const grads = tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
    const firstGrads = tf.fill([10], 0.01);
    // prettier-ignore
    const golden = [
      [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
      [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
      [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
      [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
      [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ];
    opt.applyGradients({ [x.name]: firstGrads });
    for (const row of golden) {
      const got = x.dataSync();
      for (let i = 0; i < row.length; i++) expect(Math.abs(got[i]! - row[i]!)).toBeLessThanOrEqual(5e-4 + 5e-4 * Math.abs(row[i]!));
      opt.applyGradients({ [x.name]: grads });
    }
    opt.dispose();
    tf.dispose([x, grads, firstGrads]);
  });

  it('the default (Keras 2) schedule gives a different first step than Keras 3', () => {
    const opt = build({ learning_rate: 0.5 });
    const x = mkVar([1], 'nadam_golden_k2');
    const g = tf.tensor1d([1]);
    opt.applyGradients([{ name: x.name, tensor: g }]);
    // Keras 2 rule by hand: 1 - 0.5 * 1.05645... = 0.47177
    expect(x.dataSync()[0]).toBeCloseTo(0.47177, 4);
    opt.dispose();
    tf.dispose([x, g]);
  });
});

describe('nadam under tfjs', () => {
  it('works as a LayersModel optimizer (compile + fit), registered for serialization', async () => {
    const opt = build({ learning_rate: 0.1 });
    expect(opt.getClassName()).toBe('Nadam');
    expect(tf.serialization.SerializationMap.getMap().classNameMap['Nadam']).toBeDefined();
    // seeded weights: the same descent every run (unseeded, 60 epochs left up to 2.2% of the first loss in 40 draws)
    const kernelInitializer = tf.initializers.glorotUniform({ seed: 1 });
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer })] });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2], [1, 2]]);
    const ys = tf.tensor2d([[2], [-1], [1], [0], [4], [3]]);
    const h = await model.fit(xs, ys, { epochs: 60, batchSize: 6, shuffle: false, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.05);
    model.dispose();
    opt.dispose();
    tf.dispose([xs, ys]);
  });
});
