/**
 * Issue 9 at the loader: size bounds and the memory estimate, shape
 * inference, Keras 1 key names, and validation that stays linear in the file (a 64k-key file: load-large.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatIssue, type FrameCache } from '../src/cli/print-issues.js';
import { checkModelSize, countSweepPoints, LIMITS } from '../src/load/bounds.js';
import { BASE, loadText, where } from './load-helpers.js';

const MODEL = 'model:\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n';

describe('size bounds', () => {
  it('a sweep is counted, not expanded: variants × grid × seeds', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    const grid = Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`k${k}`, ten]));
    expect(countSweepPoints({ grid })).toBe(1e9);
    expect(countSweepPoints({ grid: { a: [1, 2, 3] }, variants: [{}, {}], seeds: [1, 2] })).toBe(12);
    expect(countSweepPoints({})).toBe(1);
  });

  it('batch_size above the rows is a warning; more than 100 times the rows an error', () => {
    const at = (batch: number) => where(loadText(`data:\n  generator: uniform_sum\n  samples: 20\n${MODEL}fit:\n  batch_size: ${batch}\n`).issues);
    expect(at(20)).toEqual([]);
    expect(at(64)).toEqual(['exp.yaml:9:15 batch-size-large']);
    expect(at(LIMITS.batchOverRows * 20)).toEqual(['exp.yaml:9:15 batch-size-large']);
    expect(at(LIMITS.batchOverRows * 20 + 1)).toEqual(['exp.yaml:9:15 size-limit']);
  });

  it('classes and a test generator are bounded too', () => {
    expect(where(loadText(`data:\n  generator: spiral\n  classes: 1000000000\n${MODEL}`).issues)).toEqual(['exp.yaml:3:12 size-limit']);
    expect(where(loadText(`${BASE}test:\n  samples: 1000000000000\n`).issues)).toEqual(['exp.yaml:20:12 size-limit']);
  });

  it('the memory estimate (data + weights and optimizer state + one batch) above the budget is an error naming both numbers', () => {
    const r = loadText(BASE);
    const x = r.experiment!;
    const locateAt = r.locateAt;
    const data = { rows: 250, features: 5 };
    expect(checkModelSize(x, data, locateAt, { totalBytes: 1e9, heapBytes: 1e9 })).toEqual([]);
    const [i, ...rest] = checkModelSize(x, data, locateAt, { totalBytes: 1000, heapBytes: 1e9 });
    expect(rest).toEqual([]);
    expect(i!.code).toBe('memory-limit');
    expect(i!.message).toMatch(/^a run would need about [\d.]+ KiB \(data .*\); this machine has 1000 bytes to use$/);
  });
});

describe('shape inference', () => {
  const model = (layersYaml: string, features = 12) =>
    where(loadText(`data:\n  generator: uniform_sum\n  features: ${features}\nmodel:\n${layersYaml}  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n`).issues);

  it('a reshape must hold its input; conv and pooling windows must fit; ranks must match', () => {
    expect(model('  - {type: reshape, target_shape: [3, 4, 1]}\n  - {type: conv2d, filters: 2, kernel_size: 3}\n  - {type: flatten}\n')).toEqual([]);
    expect(model('  - {type: reshape, target_shape: [3, 4, 1]}\n  - {type: conv2d, filters: 2, kernel_size: [2, 5]}\n  - {type: flatten}\n')).toEqual(['exp.yaml:6:45 shape-mismatch']);
    expect(model('  - {type: reshape, target_shape: [3, 4, 1]}\n  - {type: conv2d, filters: 2, kernel_size: 5, padding: same}\n  - {type: flatten}\n')).toEqual([]);
    expect(model('  - {type: reshape, target_shape: [12, 1]}\n  - {type: max_pooling1d, pool_size: 13}\n  - {type: flatten}\n')).toEqual(['exp.yaml:6:38 shape-mismatch']);
    expect(model('  - {type: conv1d, filters: 2, kernel_size: 3}\n  - {type: flatten}\n')).toEqual(['exp.yaml:5:12 shape-mismatch']);
    expect(model('  - {type: flatten}\n')).toEqual(['exp.yaml:5:12 shape-mismatch']);
    expect(model('  - {type: reshape, target_shape: [5, 2]}\n')).toEqual(['exp.yaml:5:35 shape-mismatch']);
  });

  it('an output that is not flat is an error at the last layer', () => {
    expect(model('  - {type: reshape, target_shape: [12, 1]}\n')).toEqual(['exp.yaml:6:12 shape-mismatch']);
  });

  it('counts parameters as Keras does', () => {
    const r = loadText(BASE);
    const shapes = checkModelSize(r.experiment!, { rows: 250, features: 5 }, r.locateAt, { totalBytes: 1e12, heapBytes: 1e12 });
    expect(shapes).toEqual([]);
    // every layer's rule against tfjs's own count: test/registry-layers.test.ts
  });
});

describe('Keras 1 names', () => {
  it.each([
    ['fit:\n  nb_epoch: 3\n', '`nb_epoch` was renamed to `epochs` in Keras 2'],
    ['compile:\n  loss: hinge\n  optimizer: {type: adam, lr: 0.01}\n', '`lr` was renamed to `learning_rate` in Keras 2'],
  ])('%j', (yaml, hint) => {
    const text = `data:\n  generator: uniform_sum\nmodel:\n  - {type: dense, units: 1, activation: tanh}\n${yaml.startsWith('compile') ? '' : 'compile:\n  loss: hinge\n'}${yaml}`;
    const r = loadText(text);
    expect(r.issues.map((i) => [i.code, i.hint])).toEqual([['unknown-key', hint]]);
  });

  it('layer keys: output_dim, init, border_mode, W_regularizer, subsample, nb_filter', () => {
    const r = loadText(`data:\n  generator: uniform_sum\n  features: 12\nmodel:\n  - {type: reshape, target_shape: [12, 1]}\n  - {type: conv1d, filters: 2, kernel_size: 3, border_mode: same, subsample: 1, nb_filter: 2}\n  - {type: flatten}\n  - {type: dense, output_dim: 1, units: 1, init: he_normal, W_regularizer: l2, activation: tanh}\ncompile:\n  loss: hinge\n`);
    expect(r.issues.map((i) => i.hint)).toEqual([
      '`border_mode` was renamed to `padding` in Keras 2',
      '`subsample` was renamed to `strides` in Keras 2',
      '`nb_filter` was renamed to `filters` in Keras 2',
      '`output_dim` was renamed to `units` in Keras 2',
      '`init` was renamed to `kernel_initializer` in Keras 2',
      '`W_regularizer` was renamed to `kernel_regularizer` in Keras 2',
    ]);
  });

  it('says when the Keras 2 name is not a key trainspec takes', () => {
    const r = loadText(`${BASE.replace('    units: 8\n', '    units: 8\n    dim_ordering: tf\n')}`);
    expect(r.issues.map((i) => i.hint)).toEqual(['`dim_ordering` was renamed to `data_format` in Keras 2, which is not a key here']);
  });
});

describe('validation stays linear in the file', () => {
  it('each file is split into lines once, not once per issue', () => {
    const text = 'a: 1\nb: 2\nc: 3\n';
    const cache: FrameCache = new Map([['f.yaml', text]]);
    const issue = (line: number) => ({ code: 'unknown-key' as const, severity: 'error' as const, path: '', message: 'm', file: 'f.yaml', line, column: 1 });
    expect(formatIssue(issue(2), undefined, cache)).toContain('> 2 | b: 2');
    const lines = cache.get('f.yaml');
    expect(Array.isArray(lines)).toBe(true);
    formatIssue(issue(3), undefined, cache);
    expect(cache.get('f.yaml')).toBe(lines);
  });
});
