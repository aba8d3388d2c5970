/** Dotted paths shared by --set and sweeps: indexes, layer names, `name → {type: name}`, and their checks. */
import { describe, expect, it } from 'vitest';
import { checkPath, missingHint } from '../src/load/path-check.js';
import { getPath, parseAssignment, resolvePath, setPath } from '../src/load/paths.js';
import { BASE, loadText, where } from './load-helpers.js';

const exp = () => ({
  model: [{ type: 'dense', name: 'hidden', units: 8 }, { type: 'dense', name: 'out', units: 1 }],
  compile: { optimizer: 'adam', loss: 'hinge' },
  fit: { epochs: 10 },
});

describe('resolvePath', () => {
  it('resolves indexes and layer names to indexes', () => {
    expect(resolvePath(exp(), 'model.hidden.units')).toEqual({ segs: ['model', 0, 'units'], missing: null, parent: undefined });
    expect(resolvePath(exp(), 'model.1.units').segs).toEqual(['model', 1, 'units']);
  });

  it('reports the first missing segment and its parent', () => {
    const r = resolvePath(exp(), 'fit.epoch');
    expect(r.missing).toBe(1);
    expect(r.parent).toEqual({ epochs: 10 });
    expect(resolvePath(exp(), 'model.hiden.units').missing).toBe(1);
    expect(resolvePath(exp(), 'model.2').missing).toBe(1);
  });

  it('does not see inherited properties', () => {
    expect(resolvePath(exp(), 'fit.constructor').missing).toBe(1);
    expect(resolvePath(exp(), '__proto__').missing).toBe(0);
  });
});

describe('getPath', () => {
  it('reads own values only', () => {
    expect(getPath(exp(), ['model', 0, 'units'])).toBe(8);
    expect(getPath(exp(), ['fit', 'toString'])).toBeUndefined();
    expect(getPath(exp(), ['nope', 'x'])).toBeUndefined();
  });
});

describe('setPath', () => {
  it('returns a copy with the value set, by index or by name', () => {
    const before = exp();
    const r = setPath(before, 'model.out.units', 3);
    expect('value' in r && r.value.model).toEqual([{ type: 'dense', name: 'hidden', units: 8 }, { type: 'dense', name: 'out', units: 3 }]);
    expect(before.model[1]!.units).toBe(1);
  });

  it('turns a name into {type: name} when a parameter is set below it', () => {
    const r = setPath(exp(), 'compile.optimizer.learning_rate', 0.01);
    expect('value' in r && r.value.compile).toEqual({ optimizer: { type: 'adam', learning_rate: 0.01 }, loss: 'hinge' });
  });

  it('creates missing maps, and may append one item to a list', () => {
    const r = setPath(exp(), 'fit.early_stopping.patience', 3);
    expect('value' in r && r.value.fit).toEqual({ epochs: 10, early_stopping: { patience: 3 } });
    const a = setPath(exp(), 'model.2', { type: 'dropout', rate: 0.5 });
    expect('value' in a && (a.value.model as unknown[]).length).toBe(3);
  });

  it('errors on indexes out of range, unknown item names and scalars in the way, saying where', () => {
    expect(setPath(exp(), 'model.5.units', 1)).toMatchObject({ at: 1 });
    expect(setPath(exp(), 'model.hiden.units', 1)).toMatchObject({ at: 1 });
    expect(setPath(exp(), 'fit.epochs.x', 1)).toMatchObject({ at: 2 });
  });

  it('never writes through __proto__', () => {
    const r = setPath(exp(), '__proto__.polluted', 1);
    expect('value' in r && Object.keys(r.value)).toContain('__proto__');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('parseAssignment', () => {
  it('reads the value as YAML 1.2', () => {
    expect(parseAssignment('a.b=1e-3')).toEqual({ path: 'a.b', value: 0.001 });
    expect(parseAssignment('a=no')).toEqual({ path: 'a', value: 'no' });
    expect(parseAssignment('a=[1, x]')).toEqual({ path: 'a', value: [1, 'x'] });
    expect(parseAssignment('a=x=y')).toEqual({ path: 'a', value: 'x=y' });
    expect(parseAssignment('a=')).toEqual({ path: 'a', value: null });
  });

  it('rejects what is not path=value', () => {
    for (const bad of ['a', '=1', 'a..b=1', '.a=1', 'a b=1', 'a=[1']) expect(parseAssignment(bad)).toHaveProperty('error');
  });
});

describe('checkPath and missingHint', () => {
  const resolved = loadText(BASE).experiment!;
  const written = loadText(BASE).written!;

  it('accepts paths that exist, including defaults the file leaves out', () => {
    expect(checkPath(resolved, written, 'model.hidden.units', 4)).toBeNull();
    expect(checkPath(resolved, written, 'fit.batch_size', 4)).toBeNull();
    expect(checkPath(resolved, written, 'compile.optimizer.beta_1', 0.8)).toBeNull();
  });

  it('accepts optional keys the schema knows', () => {
    expect(checkPath(resolved, written, 'model.0.kernel_regularizer', 'l2')).toBeNull();
    expect(checkPath(resolved, written, 'test.samples', 50)).toBeNull();
  });

  it('rejects unknown keys with a hint, and paths through a value', () => {
    expect(checkPath(resolved, written, 'compile.optimiser', 'sgd')).toMatchObject({ hint: 'did you mean "optimizer"?' });
    expect(checkPath(resolved, written, 'model.hiden.units', 4)).toMatchObject({ hint: 'did you mean "hidden"?' });
    expect(checkPath(resolved, written, 'compile.loss.type.x', 1)).not.toBeNull();
    expect(checkPath(resolved, written, 'model.7.units', 1)).toMatchObject({ hint: undefined });
  });

  it('missingHint names the closest key at the level that failed', () => {
    expect(missingHint(written, 'fit.epoch')).toBe('did you mean "epochs"?');
    expect(missingHint(written, 'fit.epochs')).toBeUndefined();
  });

  it('sweep grids and variants use the same paths, with positions at the sweep entry', () => {
    const r = loadText(`${BASE}sweep:\n  grid:\n    model.hidden.units: [4, 8]\n  variants:\n    - {compile.loss.type.x: 1}\n`);
    expect(where(r.issues)).toEqual(['exp.yaml:23:8 sweep-path']);
  });

  it('a sweep path through __proto__ pollutes nothing', () => {
    const r = loadText(`${BASE}sweep:\n  grid:\n    __proto__.polluted: [1]\n`);
    expect(where(r.issues)).toEqual(['exp.yaml:21:5 sweep-path']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
