/** Resolving defaults: what a run depends on is spelt out (labels, optimizer parameters, fit, canonical names). */
import { describe, expect, it } from 'vitest';
import { autoLabels, outputOf } from '../src/load/resolve.js';
import { BASE, loadText, where } from './load-helpers.js';

const TWO = { features: 5, classes: ['0', '1'] };

const model = (units: number, activation: string) =>
  `data:\n  generator: uniform_sum\nmodel:\n  - {type: dense, units: 4, activation: relu}\n  - {type: dense, units: ${units}, activation: ${activation}}\n`;
const labelsFor = (loss: string, units: number, activation: string) => {
  const r = loadText(`${model(units, activation)}compile:\n  loss: ${loss}\n`);
  expect(where(r.issues.filter((i) => i.severity === 'error'))).toEqual([]);
  return r.experiment!.data.labels;
};

describe('labels: auto', () => {
  it('is chosen from the loss: hinge → sign, categorical_crossentropy → onehot, binary_crossentropy → binary', () => {
    expect(labelsFor('hinge', 1, 'tanh')).toBe('sign');
    expect(labelsFor('categorical_crossentropy', 2, 'softmax')).toBe('onehot');
    expect(labelsFor('binary_crossentropy', 1, 'sigmoid')).toBe('binary');
    expect(labelsFor('sparse_categorical_crossentropy', 2, 'softmax')).toBe('index');
  });

  it('for a regression-style loss, from the output: mse with tanh 1 unit → sign, sigmoid → binary, 2 units → onehot', () => {
    expect(labelsFor('mse', 1, 'tanh')).toBe('sign');
    expect(labelsFor('mse', 1, 'sigmoid')).toBe('binary');
    expect(labelsFor('mse', 2, 'softmax')).toBe('onehot');
  });

  it('mse with a linear output → binary; a regression data set → value; an explicit labels: wins', () => {
    expect(labelsFor('mse', 1, 'linear')).toBe('binary');
    const r = loadText('data: {generator: linear}\nmodel: [{type: dense, units: 1}]\ncompile: {loss: mse}\n');
    expect(r.experiment!.data.labels).toBe('value');
    expect(loadText(BASE.replace('features: 5', 'features: 5\n  labels: auto')).experiment!.data.labels).toBe('sign');
  });

  it('autoLabels directly: kl_divergence picks onehot for 2 units and binary for 1', () => {
    expect(autoLabels('kl_divergence', 2, 'simplex', TWO)).toBe('onehot');
    expect(autoLabels('kl_divergence', 1, 'unit', TWO)).toBe('binary');
    expect(autoLabels('hinge', 1, 'sign', { features: 1, classes: null })).toBe('value');
  });
});

describe('defaults', () => {
  const x = loadText('data: {generator: uniform_sum}\nmodel: [{type: dense, units: 1, activation: tanh}]\ncompile: {loss: hinge}\n').experiment!;

  it('name from the file, seed 0, no description, no test, no sweep', () => {
    expect(x).toMatchObject({ name: 'exp', seed: 0, description: '', test: null, sweep: null });
  });

  it('optimizer rmsprop with its Keras parameters; metrics []', () => {
    expect(x.compile.optimizer).toEqual({ type: 'rmsprop', learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, decay: 0 });
    expect(x.compile.metrics).toEqual([]);
  });

  it('fit: 1 epoch, batches of 32, no validation, shuffled, no early stopping', () => {
    expect(x.fit).toEqual({ epochs: 1, batch_size: 32, validation_split: 0, shuffle: true, early_stopping: null });
  });

  it('generator data: 250 samples, the generator\'s parameters, no normalization', () => {
    expect(x.data).toMatchObject({ generator: 'uniform_sum', samples: 250, features: 5, normalize: 'none' });
  });

  it('layers get their parameters\' defaults', () => {
    expect(x.model[0]).toEqual({ type: 'dense', units: 1, activation: 'tanh', use_bias: true, kernel_initializer: 'glorot_uniform', bias_initializer: 'zeros' });
  });

  it('early_stopping gets its defaults (val_loss, patience 0)', () => {
    const r = loadText(`${BASE}  validation_split: 0.2\n  early_stopping: {}\n`);
    expect(r.experiment!.fit.early_stopping).toEqual({ monitor: 'val_loss', patience: 0, min_delta: 0, restore_best_weights: false });
  });

  it('huber in object form keeps its delta; as a name it gets delta 1', () => {
    expect(loadText(BASE.replace('loss: hinge', 'loss: {type: huber, delta: 0.5}')).experiment!.compile.loss).toEqual({ type: 'huber', delta: 0.5 });
    expect(loadText(BASE.replace('loss: hinge', 'loss: huber_loss')).experiment!.compile.loss).toEqual({ type: 'huber', delta: 1 });
  });

  it('the test set takes the keys it leaves out from data', () => {
    const r = loadText(`${BASE}test: {samples: 100}\n`);
    expect(r.experiment!.test).toMatchObject({ generator: 'uniform_sum', features: 5, samples: 100, labels: 'sign' });
  });
});

describe('canonical names', () => {
  it('aliases resolve to Keras\'s canonical names', () => {
    const r = loadText(
      'data: {generator: make_moons}\nmodel: [{type: dense, units: 4, activation: silu}, {type: dense, units: 1, activation: sigmoid}]\n' +
        'compile: {loss: bce, metrics: [acc, mean_squared_error]}\n',
    );
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.data.generator).toBe('moons');
    expect(r.experiment!.model[0]!.activation).toBe('swish');
    expect(r.experiment!.compile.loss.type).toBe('binary_crossentropy');
    expect(r.experiment!.compile.metrics).toEqual(['accuracy', 'mse']);
  });

  it('the output layer is the last one with units, with the last activation after it', () => {
    expect(outputOf([{ type: 'dense', units: 3 }, { type: 'dropout', rate: 0.1 }, { type: 'activation', activation: 'softmax' }])).toEqual({ units: 3, index: 0, activation: 'softmax', activationIndex: 2 });
    expect(outputOf([{ type: 'dense', units: 2, activation: 'relu' }, { type: 'flatten' }])).toEqual({ units: 2, index: 0, activation: 'relu', activationIndex: 0 });
  });
});
