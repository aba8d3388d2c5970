/** The checks beyond the schema: shapes, labels, losses, splits, data files, sweeps. */
import { describe, expect, it } from 'vitest';
import { BASE, codes, loadText, where } from './load-helpers.js';

const CSV = 'a,b,label\n1,2,x\n3,4,y\n5,6,z\n7,8,x\n';
const fileExp = (data: string, rest = 'model:\n  - {type: dense, units: 3, activation: softmax}\ncompile:\n  loss: categorical_crossentropy\n') =>
  loadText({ 'exp.yaml': `data:\n  path: d.csv\n${data}${rest}fit:\n  batch_size: 2\n`, 'd.csv': CSV });

describe('output units against the labels', () => {
  it('sparse_categorical_crossentropy with index labels wants one unit per class', () => {
    const ok = 'data: {generator: spirals, classes: 3}\nmodel: [{type: dense, units: 3, activation: softmax}]\ncompile: {loss: sparse_categorical_crossentropy}\n';
    expect(where(loadText(ok).issues)).toEqual([]);
    expect(where(loadText(ok.replace('units: 3', 'units: 1')).issues)).toEqual(['exp.yaml:2:30 output-units-mismatch']);
  });

  it('onehot with 3 classes from a file needs 3 units', () => {
    expect(where(fileExp('  target: label\n').issues)).toEqual([]);
    expect(codes(fileExp('  target: label\n', 'model:\n  - {type: dense, units: 2, activation: softmax}\ncompile:\n  loss: cce\n').issues)).toEqual(['output-units-mismatch']);
  });

  it('the output may come from a dense layer followed by an activation layer', () => {
    const r = loadText(BASE.replace('    activation: tanh\ncompile', '  - {type: activation, activation: sigmoid}\ncompile'));
    expect(where(r.issues)).toEqual(['exp.yaml:12:36 loss-activation-doubtful']);
  });
});

describe('losses, labels and activations', () => {
  it('categorical_crossentropy with a sigmoid output is an error', () => {
    expect(codes(loadText('data: {generator: xor, labels: onehot}\nmodel: [{type: dense, units: 2, activation: sigmoid}]\ncompile: {loss: categorical_crossentropy}\n').issues)).toEqual(['loss-activation']);
  });

  it('sign labels need exactly 2 classes', () => {
    const r = loadText('data: {generator: spirals, classes: 3, labels: sign}\nmodel: [{type: dense, units: 1, activation: tanh}]\ncompile: {loss: hinge}\n');
    expect(where(r.issues)).toEqual(['exp.yaml:1:48 labels-classes']);
  });

  it('precision has no meaning for regression labels', () => {
    expect(codes(loadText('data: {generator: linear}\nmodel: [{type: dense, units: 1}]\ncompile: {loss: mae, metrics: [precision]}\n').issues)).toEqual(['metric-labels']);
  });

  it('input_shape on a later layer is a warning, and warnings still resolve', () => {
    const r = loadText(BASE.replace('    name: out\n', '    name: out\n    input_shape: [8]\n'));
    expect(where(r.issues)).toEqual(['exp.yaml:11:5 input-not-first']);
    expect(r.experiment).not.toBeNull();
  });

  it('the first layer keeps its input_shape, which must hold the data\'s features', () => {
    const r = loadText(BASE.replace('    name: hidden\n', '    name: hidden\n    input_shape: [5]\n'));
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.model[0]!.input_shape).toEqual([5]);
    expect(where(loadText(BASE.replace('    name: hidden\n', '    name: hidden\n    input_shape: [2, 3]\n')).issues)).toEqual(['exp.yaml:7:18 input-dim-mismatch']);
  });

  it('an embedding\'s input_dim is its vocabulary, not the feature count', () => {
    const r = loadText('data: {generator: uniform_sum}\nmodel: [{type: embedding, input_dim: 3, output_dim: 2}, {type: flatten}, {type: dense, units: 1, activation: tanh}]\ncompile: {loss: hinge}\n');
    expect(where(r.issues)).toEqual([]);
  });
});

describe('fit', () => {
  it('validation_split must leave training rows', () => {
    expect(where(loadText(`${BASE}  validation_split: 0.999\n`).issues)).toEqual(['exp.yaml:19:21 validation-split-range']);
    expect(codes(loadText(`${BASE}  validation_split: -0.1\n`).issues)).toEqual(['validation-split-range']);
  });

  it('batch_size above the training rows left after the split is a warning', () => {
    expect(codes(loadText(`${BASE.replace('features: 5', 'samples: 100')}  validation_split: 0.5\n  batch_size: 64\n`).issues)).toEqual(['batch-size-large']);
    expect(codes(loadText(`${BASE.replace('features: 5', 'samples: 100')}  batch_size: 64\n`).issues)).toEqual([]);
  });

  it('early_stopping on a val_ metric needs a validation split; Keras aliases are accepted', () => {
    expect(where(loadText(`${BASE}  early_stopping: {monitor: val_loss}\n`).issues)).toEqual(['exp.yaml:19:29 early-stopping-monitor']);
    expect(where(loadText(`${BASE}  validation_split: 0.2\n  early_stopping: {monitor: val_acc}\n`).issues)).toEqual([]);
    expect(codes(loadText(`${BASE}  validation_split: 0.2\n  early_stopping: {monitor: val_mse}\n`).issues)).toEqual(['early-stopping-monitor']);
  });
});

describe('data files', () => {
  it('an unknown feature column points at the item of the features list', () => {
    expect(where(fileExp('  target: label\n  features: [a, c]\n').issues)).toEqual(['exp.yaml:4:17 data-column']);
    expect(where(fileExp('  target: label\n  features: [a, label]\n').issues)).toEqual(['exp.yaml:4:17 data-column']);
  });

  it('a test file that is missing or malformed points at test.path', () => {
    expect(where(fileExp('  target: label\n', `test:\n  path: nope.csv\nmodel:\n  - {type: dense, units: 3, activation: softmax}\ncompile:\n  loss: cce\n`).issues))
      .toEqual(['exp.yaml:5:9 data-missing']);
  });

  it('a test file under generator data has no target to inherit: data-column, not a crash', () => {
    expect(where(loadText({ 'exp.yaml': `${BASE}test:\n  path: d.csv\n`, 'd.csv': CSV }).issues)).toEqual(['exp.yaml:20:9 data-column']);
  });

  it('a non-numeric feature cell is data-invalid', () => {
    const r = loadText({ 'exp.yaml': 'data: {path: d.csv, target: label}\nmodel: [{type: dense, units: 1}]\ncompile: {loss: mse}\n', 'd.csv': 'a,label\nx,1\n' });
    expect(where(r.issues)).toEqual(['exp.yaml:1:14 data-invalid']);
  });
});

describe('test and sweep', () => {
  it('test.generator must be a generator name (and gets a did-you-mean)', () => {
    const r = loadText(`${BASE}test: {generator: moonz}\n`);
    expect(where(r.issues)).toEqual(['exp.yaml:19:19 unknown-name']);
    expect(r.issues[0]!.hint).toBe('did you mean "moons"?');
  });

  it('a sweep with no grid, variants or seeds is empty; seeds alone are a sweep', () => {
    expect(where(loadText(`${BASE}sweep: {}\n`).issues)).toEqual(['exp.yaml:19:1 sweep-empty']);
    expect(where(loadText(`${BASE}sweep: {rank_by: loss}\n`).issues)).toEqual(['exp.yaml:19:1 sweep-empty']);
    expect(where(loadText(`${BASE}sweep: {seeds: [1, 2]}\n`).issues)).toEqual([]);
  });

  it('sweep variant paths are checked one by one', () => {
    const r = loadText(`${BASE}sweep:\n  variants:\n    - {name: a, fit.epochs: 2}\n    - {name: b, fit.epoch: 2}\n`);
    expect(where(r.issues)).toEqual(['exp.yaml:22:17 sweep-path']);
    expect(r.issues[0]!.hint).toBe('did you mean "epochs"?');
  });
});
