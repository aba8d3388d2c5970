import { describe, expect, it } from 'vitest';
import { expandSweep, shardOf, shortKeys, slugOf } from '../src/sweep/expand.js';

describe('expandSweep', () => {
  it('runs the grid cross product, first key outermost', () => {
    const points = expandSweep({ grid: { 'compile.optimizer': ['adam', 'sgd'], 'fit.batch_size': [8, 16, 32] } });
    expect(points).toHaveLength(6);
    expect(points.map((p) => p.slug)).toEqual([
      'batch_size=8,optimizer=adam', 'batch_size=16,optimizer=adam', 'batch_size=32,optimizer=adam',
      'batch_size=8,optimizer=sgd', 'batch_size=16,optimizer=sgd', 'batch_size=32,optimizer=sgd',
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs variants × grid, named variants by their name', () => {
    const points = expandSweep({
      variants: [{ name: 'hinge', 'compile.loss': 'hinge' }, { 'compile.loss': 'mse', 'data.labels': 'binary' }],
      grid: { 'compile.optimizer': ['adam', 'sgd'] },
    });
    expect(points.map((p) => p.slug)).toEqual([
      'hinge,optimizer=adam', 'hinge,optimizer=sgd',
      'labels=binary,loss=mse,optimizer=adam', 'labels=binary,loss=mse,optimizer=sgd',
    ]);
    expect(points[2]!.changes.map((c) => [c.path, c.value])).toEqual([['compile.loss', 'mse'], ['data.labels', 'binary'], ['compile.optimizer', 'adam']]);
    expect(points[0]!.changes[0]!.from).toEqual(['sweep', 'variants', 0, 'compile.loss']);
  });

  it('repeats each point per seed, grouped without the seed', () => {
    const points = expandSweep({ grid: { 'compile.optimizer': ['adam', 'sgd'] }, seeds: [0, 1, 2] });
    expect(points).toHaveLength(6);
    expect(points[1]!.slug).toBe('optimizer=adam,seed=1');
    expect(points[1]!.group).toBe('optimizer=adam');
    expect(points[1]!.changes.at(-1)).toMatchObject({ path: 'seed', value: 1 });
  });

  it('makes folder-safe, unambiguous slugs', () => {
    const keys = shortKeys(['model.0.activation', 'model.1.activation', 'compile.loss']);
    expect(keys.get('model.0.activation')).toBe('0.activation');
    expect(keys.get('compile.loss')).toBe('loss');
    const slug = slugOf([{ path: 'compile.optimizer', value: { type: 'adam', learning_rate: 0.01 }, from: [] }], null, shortKeys(['compile.optimizer']));
    expect(slug).toBe('optimizer=adam+learning_rate=0.01');
    expect(slugOf([{ path: 'x', value: 'a/b c', from: [] }], null, new Map())).toBe('x=a_b_c');
    const long = slugOf([{ path: 'x', value: 'v'.repeat(300), from: [] }], null, new Map());
    expect(long.length).toBeLessThanOrEqual(100);
  });

  it('shards cover every point exactly once', () => {
    const points = expandSweep({ grid: { a: [1, 2, 3, 4, 5], b: [1, 2, 3] } });
    for (const n of [1, 2, 3, 4, 7]) {
      const seen = Array.from({ length: n }, (_, i) => shardOf(points, i + 1, n)).flat().map((p) => p.index).sort((x, y) => x - y);
      expect(seen).toEqual(points.map((p) => p.index));
    }
  });
});
