/** `extends:` merging (maps deeply, lists replaced) and positions in the right file of the chain. */
import { describe, expect, it } from 'vitest';
import { deepMerge } from '../src/load/extends.js';
import { BASE, loadFixture, loadText, where } from './load-helpers.js';

describe('deepMerge', () => {
  it('merges maps deeply, replaces lists and scalars, keeps the base where the child is silent', () => {
    const base = { a: { b: 1, c: { d: 2, e: 3 } }, list: [1, 2, 3], s: 'x', keep: true };
    const over = { a: { c: { d: 20 } }, list: [9], s: { type: 'y' } };
    expect(deepMerge(base, over)).toEqual({ a: { b: 1, c: { d: 20, e: 3 } }, list: [9], s: { type: 'y' }, keep: true });
    expect(base.a.c.d).toBe(2);
  });

  it('a __proto__ key stays an own key and never becomes the prototype', () => {
    const over = JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    const out = deepMerge({}, over);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('extends', () => {
  it('the fixture child takes the base\'s data, optimizer parameters and fit, overriding what it sets', () => {
    const x = loadFixture('valid', 'extends-child.yaml').experiment!;
    expect(x.seed).toBe(7);
    expect(x.data).toMatchObject({ generator: 'xor', samples: 120, noise: 0.05, labels: 'binary' });
    expect(x.compile.optimizer).toMatchObject({ type: 'adam', learning_rate: 0.02, beta_1: 0.8 });
    expect(x.fit).toMatchObject({ epochs: 40, batch_size: 16 });
    expect(x.name).toBe('extends-child');
  });

  it('lists are replaced, not merged item by item', () => {
    const r = loadText({
      'base.yaml': BASE,
      'exp.yaml': 'extends: base.yaml\nmodel:\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  metrics: [mae]\n',
    });
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.model).toHaveLength(1);
    expect(r.experiment!.compile.metrics).toEqual(['mae']);
    expect(r.experiment!.compile.loss.type).toBe('hinge');
  });

  it('follows a chain of three files, nearest first, and reads them all', () => {
    const r = loadText({
      'a.yaml': BASE,
      'b.yaml': 'extends: a.yaml\nfit: {epochs: 20, batch_size: 8}\n',
      'sub/exp.yaml': 'extends: ../b.yaml\nfit: {epochs: 30}\n',
    }, [], 'sub/exp.yaml');
    expect(where(r.issues)).toEqual([]);
    expect(r.experiment!.fit).toMatchObject({ epochs: 30, batch_size: 8 });
    expect(r.reads).toEqual(['/mem/sub/exp.yaml', '/mem/b.yaml', '/mem/a.yaml']);
  });

  it('a problem written in the base points into the base', () => {
    const r = loadText({
      'base.yaml': BASE.replace('epochs: 10', 'epoch: 10'),
      'exp.yaml': 'extends: base.yaml\nseed: 3\n',
    });
    expect(where(r.issues)).toEqual(['base.yaml:18:3 unknown-key']);
    expect(r.issues[0]!.hint).toBe('did you mean "epochs"?');
  });

  it('a value the child overrides points into the child, even when the base also has it', () => {
    const r = loadText({ 'base.yaml': BASE, 'exp.yaml': 'extends: base.yaml\nfit:\n  epochs: 0\n' });
    expect(where(r.issues)).toEqual(['exp.yaml:3:11 out-of-range']);
  });

  it('a semantic problem across files points where the offending value is written', () => {
    const r = loadText({ 'base.yaml': BASE, 'exp.yaml': 'extends: base.yaml\ndata:\n  labels: binary\n' });
    expect(where(r.issues)).toEqual(['base.yaml:15:9 loss-labels']);
  });

  it('a YAML error in the base is reported in the base', () => {
    const r = loadText({ 'base.yaml': 'data:\n  a: 1\n  a: 2\n', 'exp.yaml': 'extends: base.yaml\n' });
    expect(where(r.issues)).toEqual(['base.yaml:3:3 yaml-duplicate-key']);
  });

  it('a missing base points at the extends value of the file that names it', () => {
    const r = loadText({ 'b.yaml': 'extends: nope.yaml\n', 'exp.yaml': '# child\nextends: b.yaml\n' });
    expect(where(r.issues)).toEqual(['b.yaml:1:10 extends-missing']);
  });

  it('a file that extends itself is a cycle', () => {
    const r = loadText({ 'exp.yaml': `${BASE}extends: exp.yaml\n` });
    expect(where(r.issues)).toEqual(['exp.yaml:19:10 extends-cycle']);
  });

  it('a cycle further up the chain is reported once, where it closes', () => {
    const r = loadText({
      'exp.yaml': 'extends: a.yaml\n',
      'a.yaml': 'extends: b.yaml\n',
      'b.yaml': 'extends: a.yaml\n',
    });
    expect(where(r.issues)).toEqual(['b.yaml:1:10 extends-cycle']);
    expect(r.experiment).toBeNull();
  });

  it('extends must be a string; the value is checked by the schema', () => {
    expect(where(loadText(`${BASE}extends: 5\n`).issues)).toEqual(['exp.yaml:19:10 wrong-type']);
  });

  it('the merged experiment keeps the child\'s extends, for the record', () => {
    const r = loadText({ 'base.yaml': BASE, 'exp.yaml': 'extends: base.yaml\n' });
    expect(r.written?.extends).toBe('base.yaml');
  });

  it('a data path written in a base is relative to the base, not to the child', () => {
    const r = loadText({
      'base/b.yaml': 'data: {path: data/d.csv, target: y}\nmodel: [{type: dense, units: 2, activation: softmax}]\ncompile: {optimizer: adam, loss: categorical_crossentropy}\n',
      'base/data/d.csv': 'a,y\n1,x\n2,z\n3,x\n4,z\n',
      'child/c.yaml': 'extends: ../base/b.yaml\nfit: {batch_size: 2}\n',
    }, [], 'child/c.yaml');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.experiment?.data.path).toBe('../base/data/d.csv');
  });

  it('a child map without type refines the base\'s optimizer name', () => {
    const r = loadText({
      'b.yaml': BASE,
      'exp.yaml': 'extends: b.yaml\ncompile: {optimizer: {learning_rate: 0.05}}\n',
    });
    expect(r.experiment?.compile.optimizer).toMatchObject({ type: 'adam', learning_rate: 0.05, beta_1: 0.9 });
  });
});

