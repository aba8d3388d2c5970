/** `--set path=value` overrides: YAML 1.2 scalars, the same dotted paths as sweeps, validated like the file. */
import { describe, expect, it } from 'vitest';
import { BASE, loadFixture, loadText, where } from './load-helpers.js';

const SET = '<--set>';

describe('--set values are YAML 1.2 scalars', () => {
  it('1e-3 is a number, and compile.optimizer.learning_rate works on `optimizer: adam`', () => {
    const r = loadText(BASE, ['compile.optimizer.learning_rate=1e-3']);
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.compile.optimizer).toMatchObject({ type: 'adam', learning_rate: 0.001, beta_1: 0.9 });
  });

  it('compile.optimizer.learning_rate=0.01 on the hinge fixture', () => {
    const r = loadFixture('valid', 'generator-hinge.yaml', ['compile.optimizer.learning_rate=0.01']);
    expect(r.issues).toEqual([]);
    expect(r.experiment!.compile.optimizer).toMatchObject({ type: 'adam', learning_rate: 0.01 });
  });

  it('no, yes, on and off are strings; true is a boolean; ~ and an empty value are null', () => {
    const r = loadText(BASE, ['description=no', 'name=yes', 'fit.shuffle=false']);
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment).toMatchObject({ description: 'no', name: 'yes', fit: { shuffle: false } });
    expect(where(loadText(BASE, ['fit.shuffle=off']).issues)).toEqual([`${SET}:1:1 wrong-type`]);
    expect(where(loadText(BASE, ['fit=~']).issues)).toEqual([`${SET}:1:1 wrong-type`]);
    expect(where(loadText(BASE, ['fit=']).issues)).toEqual([`${SET}:1:1 wrong-type`]);
  });

  it('flow lists and maps are values too, and a later --set wins', () => {
    const r = loadText(BASE, ['compile.metrics=[accuracy, mse]', 'compile.loss={type: huber, delta: 2}', 'fit.epochs=3', 'fit.epochs=4']);
    expect(r.experiment!.compile.metrics).toEqual(['accuracy', 'mse']);
    expect(r.experiment!.compile.loss).toEqual({ type: 'huber', delta: 2 });
    expect(r.experiment!.fit.epochs).toBe(4);
  });

  it('paths may name a layer: model.hidden.units', () => {
    const r = loadText(BASE, ['model.hidden.units=32', 'model.out.activation=softsign']);
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.model.map((l) => [l.units, l.activation])).toEqual([[32, 'tanh'], [1, 'softsign']]);
  });
});

describe('--set problems point at the argument (line 1, column = its index)', () => {
  it('a misspelt key is set-path, with a did-you-mean', () => {
    const r = loadText(BASE, ['fit.epochs=3', 'fit.epoch=3']);
    expect(where(r.issues)).toEqual([`${SET}:1:2 set-path`]);
    expect(r.issues[0]!.hint).toBe('did you mean "epochs"?');
  });

  it('a misspelt top-level key is set-path too, not an unknown key of the file', () => {
    const r = loadText(BASE, ['modle.0.units=3']);
    expect(where(r.issues)).toEqual([`${SET}:1:1 set-path`]);
    expect(r.issues[0]!.hint).toBe('did you mean "model"?');
  });

  it('an index out of range, an unknown layer name and a scalar in the way are set-path', () => {
    expect(where(loadText(BASE, ['model.5.units=3']).issues)).toEqual([`${SET}:1:1 set-path`]);
    expect(where(loadText(BASE, ['model.hiden.units=3']).issues)).toEqual([`${SET}:1:1 set-path`]);
    expect(where(loadText(BASE, ['fit.epochs.x=3']).issues)).toEqual([`${SET}:1:1 set-path`]);
  });

  it('a value the schema rejects keeps its code and points at the argument, also through a layer name', () => {
    expect(where(loadText(BASE, ['fit.epochs=ten']).issues)).toEqual([`${SET}:1:1 wrong-type`]);
    expect(where(loadText(BASE, ['seed=1', 'model.out.units=0']).issues)).toEqual([`${SET}:1:2 out-of-range`]);
    expect(where(loadText(BASE, ['compile.optimizer=rsmprop']).issues)).toEqual([`${SET}:1:1 unknown-name`]);
  });

  it('a semantic problem caused by a --set points at it', () => {
    expect(where(loadText(BASE, ['model.hidden.input_dim=4']).issues)).toEqual([`${SET}:1:1 input-dim-mismatch`]);
    expect(where(loadText(BASE, ['fit.validation_split=1']).issues)).toEqual([`${SET}:1:1 validation-split-range`]);
  });

  it('not path=value is set-syntax; so is an unreadable value or a path that is not dotted', () => {
    expect(where(loadText(BASE, ['fit.epochs']).issues)).toEqual([`${SET}:1:1 set-syntax`]);
    expect(where(loadText(BASE, ['=3']).issues)).toEqual([`${SET}:1:1 set-syntax`]);
    expect(where(loadText(BASE, ['compile.metrics=[acc']).issues)).toEqual([`${SET}:1:1 set-syntax`]);
    expect(where(loadText(BASE, ['fit..epochs=3']).issues)).toEqual([`${SET}:1:1 set-syntax`]);
  });

  it('all --set problems are reported together, with the file\'s own', () => {
    const r = loadText(BASE.replace('epochs: 10', 'epochs: 0'), ['fit.epoch=3', 'nope', 'model.9.units=1']);
    expect(where(r.issues)).toEqual([`${SET}:1:1 set-path`, `${SET}:1:2 set-syntax`, `${SET}:1:3 set-path`, 'exp.yaml:18:11 out-of-range']);
  });

  it('__proto__ paths are plain unknown keys and pollute nothing', () => {
    const r = loadText(BASE, ['__proto__.polluted=1']);
    expect(where(r.issues)).toEqual([`${SET}:1:1 set-path`]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
