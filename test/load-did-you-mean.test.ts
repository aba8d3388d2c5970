/** Misspelt names and keys get a did-you-mean; far-off words get none (or the list of names). */
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/load/issues.js';
import { BASE, loadFixture, loadText } from './load-helpers.js';

const hintOf = (text: string, overrides: string[] = []) => {
  const r = loadText(text, overrides);
  expect(r.issues).toHaveLength(1);
  return { code: r.issues[0]!.code, hint: r.issues[0]!.hint };
};

describe('didYouMean', () => {
  it('suggests the closest candidate within a third of the word (at least 2 edits)', () => {
    expect(didYouMean('rsmprop', ['sgd', 'rmsprop', 'adam'])).toBe('did you mean "rmsprop"?');
    expect(didYouMean('epoch', ['epochs', 'batch_size'])).toBe('did you mean "epochs"?');
    expect(didYouMean('tanhh', ['tanh', 'relu'])).toBe('did you mean "tanh"?');
  });

  it('stays quiet when nothing is close, or there is nothing to choose from', () => {
    expect(didYouMean('banana', ['sgd', 'rmsprop', 'adam'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});

describe('did-you-mean in the loader', () => {
  it('rsmprop → rmsprop (optimizer name)', () => {
    expect(hintOf(BASE.replace('optimizer: adam', 'optimizer: rsmprop'))).toEqual({ code: 'unknown-name', hint: 'did you mean "rmsprop"?' });
    expect(loadFixture('invalid', 'unknown-name-optimizer.yaml').issues[0]!.hint).toBe('did you mean "rmsprop"?');
  });

  it('epoch → epochs (fit key)', () => {
    expect(hintOf(BASE.replace('epochs: 10', 'epoch: 10'))).toEqual({ code: 'unknown-key', hint: 'did you mean "epochs"?' });
    expect(loadFixture('invalid', 'unknown-key-fit-epoch.yaml').issues[0]!.hint).toBe('did you mean "epochs"?');
  });

  it('tanhh → tanh (activation)', () => {
    expect(hintOf(BASE.replace('activation: tanh\n  - type', 'activation: tanhh\n  - type'))).toEqual({ code: 'unknown-name', hint: 'did you mean "tanh"?' });
  });

  it('Dense → dense (layer type), learning_rat → learning_rate (optimizer parameter)', () => {
    expect(hintOf(BASE.replace('type: dense', 'type: Dense')).hint).toBe('did you mean "dense"?');
    expect(hintOf(BASE.replace('optimizer: adam', 'optimizer: {type: adam, learning_rat: 0.1}')).hint).toBe('did you mean "learning_rate"?');
  });

  it('loss and metric names, including aliases', () => {
    expect(hintOf(BASE.replace('loss: hinge', 'loss: hinje')).hint).toBe('did you mean "hinge"?');
    expect(hintOf(BASE.replace('metrics: [accuracy]', 'metrics: [accuracyy]')).hint).toBe('did you mean "accuracy"?');
    expect(hintOf(BASE.replace('metrics: [accuracy]', 'metrics: [msee]')).hint).toBe('did you mean "mse"?');
  });

  it('a short closed list is spelt out when nothing is close', () => {
    const { code, hint } = hintOf(BASE.replace('features: 5', 'features: 5\n  normalize: zscore'));
    expect(code).toBe('unknown-name');
    expect(hint).toMatch(/none.*standard.*minmax/);
  });

  it('sweep paths: compile.optimiser → optimizer, model.hiden → hidden', () => {
    expect(loadFixture('invalid', 'sweep-path.yaml').issues[0]!.hint).toBe('did you mean "optimizer"?');
    const r = hintOf(`${BASE}sweep:\n  grid:\n    model.hiden.units: [4, 8]\n`);
    expect(r).toEqual({ code: 'sweep-path', hint: 'did you mean "hidden"?' });
  });

  it('--set paths: fit.epoch → epochs, modle → model', () => {
    expect(hintOf(BASE, ['fit.epoch=3'])).toEqual({ code: 'set-path', hint: 'did you mean "epochs"?' });
    expect(hintOf(BASE, ['modle.0.units=3'])).toEqual({ code: 'set-path', hint: 'did you mean "model"?' });
    expect(hintOf(BASE, ['model.hiden.units=3'])).toEqual({ code: 'set-path', hint: 'did you mean "hidden"?' });
  });
});
