/**
 * Conv nets on the fused engine (issue 12): conv1d/conv2d (valid and same padding, strides,
 * several channels), max pooling 1d/2d, flatten, reshape, and a dense layer over the last axis of
 * an image, each against the tfjs engine for a few steps from the same weights and batches
 * (every history value, final metric and weight within relative 1e-4); the digits-shaped conv
 * net (test/digits-like.ts): auto picks fused for it, and each engine is bit-for-bit reproducible
 * on it. Its end-to-end accuracy on both engines is in fused-end-to-end.test.ts (slow tier).
 */
import { describe, expect, it } from 'vitest';
import { runExperiment, type RunOutcome } from '../src/engine/run.js';
import { engineChoice, engineFor, fusedUnsupported } from '../src/engine/fused/plan.js';
import { digitsLike } from './digits-like.js';
import { expectReproducible, fromYaml, maxRel, maxRelScaled, weightsOf, type Loaded } from './fused-helpers.js';

const RUN_REL = 1e-4;

const yaml = (data: string, model: string[], opt = '{type: sgd, learning_rate: 0.1}', fit = '{epochs: 2, batch_size: 8, validation_split: 0.25}') => `seed: 5
data: ${data}
test: {samples: 16}
model:
${model.map((l) => `  - ${l}`).join('\n')}
compile: {optimizer: ${opt}, loss: binary_crossentropy, metrics: [accuracy]}
fit: ${fit}
`;
const DATA = (features: number) => `{generator: uniform_sum, samples: 40, features: ${features}, labels: binary}`;
const OUT = ['{type: flatten}', '{type: dense, units: 1, activation: sigmoid}'];

async function both(l: Loaded): Promise<[RunOutcome, RunOutcome]> {
  const a = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'tfjs' });
  const b = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' });
  return [a, b];
}

function expectParity([a, b]: [RunOutcome, RunOutcome]): void {
  expect([a.engine, b.engine]).toEqual(['tfjs', 'fused']);
  expect(b.history.length).toBe(a.history.length);
  a.history.forEach((row, i) => {
    const keys = Object.keys(row);
    expect(Object.keys(b.history[i]!)).toEqual(keys);
    expect(maxRel(keys.map((k) => b.history[i]![k]!), keys.map((k) => row[k]!), 1e-6), `epoch ${i + 1}`).toBeLessThanOrEqual(RUN_REL);
  });
  const fk = Object.keys(a.final).sort();
  expect(Object.keys(b.final).sort()).toEqual(fk);
  expect(maxRel(fk.map((k) => b.final[k]!), fk.map((k) => a.final[k]!), 1e-6), 'final').toBeLessThanOrEqual(RUN_REL);
  expect(maxRelScaled(weightsOf(b.model.weights), weightsOf(a.model.weights)), 'weights').toBeLessThanOrEqual(RUN_REL);
  expect(b.model.modelJson).toBe(a.model.modelJson);
}

describe('each window and shape layer: a few steps on both engines from the same weights', () => {
  const CASES: [string, number, string[]][] = [
    ['conv2d valid, relu', 36, ['{type: conv2d, filters: 3, kernel_size: 3, activation: relu, input_shape: [6, 6, 1]}']],
    ['conv2d same, strides 2, 2 channels, no bias, l2', 32, ['{type: conv2d, filters: 4, kernel_size: [3, 2], strides: [2, 2], padding: same, activation: tanh, use_bias: false, kernel_regularizer: l2, input_shape: [4, 4, 2]}']],
    ['conv2d, then conv2d same with stride 2 (input gradient through patches)', 25, [
      '{type: conv2d, filters: 2, kernel_size: 2, activation: elu, input_shape: [5, 5, 1]}',
      '{type: conv2d, filters: 3, kernel_size: 3, strides: 2, padding: same, activation: sigmoid}']],
    ['max_pooling2d valid and same (odd sizes, strides)', 30, [
      '{type: conv2d, filters: 2, kernel_size: 2, activation: tanh, input_shape: [5, 6, 1]}',
      '{type: max_pooling2d, pool_size: 2}',
      '{type: conv2d, filters: 2, kernel_size: 1, activation: tanh}',
      '{type: max_pooling2d, pool_size: [2, 1], strides: [1, 1], padding: same}']],
    ['conv1d valid and same, max_pooling1d', 24, [
      '{type: conv1d, filters: 3, kernel_size: 3, activation: relu, input_shape: [12, 2]}',
      '{type: max_pooling1d, pool_size: 2}',
      '{type: conv1d, filters: 2, kernel_size: 2, strides: 2, padding: same, activation: tanh}',
      '{type: conv1d, filters: 2, kernel_size: 2, padding: same}',
      '{type: max_pooling1d, pool_size: 2, strides: 1, padding: same}']],
    ['reshape, dense over the last axis, softmax over channels, dropout', 16, [
      '{type: reshape, target_shape: [4, 4, 1], input_dim: 16}',
      '{type: conv2d, filters: 3, kernel_size: 2, activation: softmax}',
      '{type: dropout, rate: 0.3}',
      '{type: dense, units: 2, activation: relu}',
      '{type: reshape, target_shape: [9, 2]}']],
  ];
  it.each(CASES)('%s', async (_name, features, layers) => {
    const l = fromYaml(yaml(DATA(features), [...layers, ...OUT]));
    expect(fusedUnsupported(l.x)).toBeNull();
    expectParity(await both(l));
  });

  it('adam, no shuffle, one batch larger than the data', async () => {
    const l = fromYaml(yaml(DATA(36), ['{type: conv2d, filters: 4, kernel_size: 3, activation: relu, input_shape: [6, 6, 1]}', '{type: max_pooling2d}', ...OUT],
      'adam', '{epochs: 3, batch_size: 64, validation_split: 0, shuffle: false}'));
    expectParity(await both(l));
  });
});

describe('--engine auto on conv nets, and why', () => {
  it('fused where every layer has a fused form; tfjs with the first layer that has none; causal padding is refused at validation (tfjs 4.22 lacks it)', () => {
    const conv = ['{type: conv2d, filters: 2, kernel_size: 2, input_shape: [4, 4, 1]}'];
    expect(engineChoice(fromYaml(yaml(DATA(16), [...conv, ...OUT])).x)).toEqual({ engine: 'fused', reason: 'auto: every layer, the loss, the optimizer and the metrics have a fused form' });
    expect(engineChoice(fromYaml(yaml(DATA(16), [...conv, '{type: batch_normalization}', ...OUT])).x))
      .toEqual({ engine: 'tfjs', reason: 'auto: layer 2 (batch_normalization) has no fused form' });
    expect(() => fromYaml(yaml(DATA(16), ['{type: conv1d, filters: 2, kernel_size: 2, padding: causal, input_shape: [16, 1]}', ...OUT])))
      .toThrow(/padding/);
    expect(engineChoice(fromYaml(yaml(DATA(16), [...conv, ...OUT])).x, 'tfjs').reason).toBe('--engine tfjs');
  });
});

describe('the digits-shaped conv net', () => {
  // Training it for accuracy on both engines (10 epochs of tfjs conv on cpu) is in the slow tier: fused-end-to-end.test.ts.
  it('auto picks fused for it', () => {
    expect(engineFor(digitsLike().x, 'auto')).toBe('fused');
  });

  it.each([['tfjs'], ['fused']] as const)('%s is bit-for-bit reproducible', async (engine) => {
    // Reproducibility is behaviour, not accuracy: two batches an epoch (40 rows: 36 to train, in batches of 32 and 4)
    // and a reshuffle between two epochs exercise every seeded step (initializers, validation split, shuffles) as well
    // as the full set would; the test set is only evaluated. (tfjs's cpu conv filter gradient reads each element
    // through TensorBuffer.get: its cost goes with the rows.)
    await expectReproducible(digitsLike(2, 40, 16), engine);
  });
});
