/**
 * Accuracy means what the labels mean: each label encoding on hand-made
 * tensors through the engine's metric plan (the code that produces every
 * accuracy, val_accuracy and test_accuracy), plus precision/recall counts.
 */
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabelKind } from '../src/data/types.js';
import { metricPlan } from '../src/engine/metrics.js';
import { loadTf } from '../src/engine/tf.js';
import type { Tf } from '../src/registry/entry.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
});

/** Runs the plan over batches of (y, p) as training does (sums per batch, added, finished once). */
function measure(names: string[], kind: LabelKind, batches: { y: number[][]; p: number[][]; loss?: number }[]): Record<string, number> {
  const plan = metricPlan(tf, names, kind);
  const before = tf.memory().numTensors;
  const total = tf.tidy(() => {
    const sums = batches.map((b) => plan.sums(tf.tensor2d(b.y), tf.tensor2d(b.p), tf.scalar(b.loss ?? 0)));
    return sums.length === 1 ? sums[0]! : (tf.addN(sums) as TF.Tensor1D);
  });
  const values = total.dataSync() as Float32Array;
  total.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return plan.finish(values, batches.reduce((n, b) => n + b.y.length, 0));
}

const P3 = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]];

describe('accuracy by label encoding', () => {
  it('sign labels: sign(prediction) == label, not tfjs binaryAccuracy (the tutorial trap)', () => {
    // Predictions in (-1, 1), as a tanh output gives: 4 of 6 have the label's sign.
    const y = [[1], [-1], [1], [-1], [1], [-1]];
    const p = [[0.3], [-0.2], [-0.1], [-0.7], [0.9], [0.2]];
    const got = measure(['accuracy'], 'sign', [{ y, p }]);
    expect(got.accuracy).toBeCloseTo(4 / 6, 6);
    // What tfjs's own `accuracy` (binaryAccuracy: y == (p > 0.5)) says: a -1 never matches.
    const tfjs = tf.tidy(() => tf.mean(tf.metrics.binaryAccuracy(tf.tensor2d(y), tf.tensor2d(p))).dataSync()[0]!);
    expect(tfjs).toBeCloseTo(1 / 6, 6);
    expect(got.accuracy).not.toBeCloseTo(tfjs, 2);
  });

  it('sign labels: a prediction of exactly 0 is not +1', () => {
    expect(measure(['accuracy'], 'sign', [{ y: [[1], [-1]], p: [[0], [0]] }]).accuracy).toBe(0.5);
  });

  it('binary labels: threshold 0.5 (0.5 itself is class 0, as in Keras)', () => {
    const got = measure(['accuracy'], 'binary', [{ y: [[1], [0], [1], [0], [0]], p: [[0.6], [0.4], [0.5], [0.7], [0.5]] }]);
    expect(got.accuracy).toBeCloseTo(3 / 5, 6);
  });

  it('one-hot labels: argmax agreement', () => {
    const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]];
    expect(measure(['accuracy'], 'onehot', [{ y, p: P3 }]).accuracy).toBeCloseTo(3 / 4, 6);
  });

  it('index labels: argmax against the class index', () => {
    expect(measure(['accuracy'], 'index', [{ y: [[0], [1], [2], [1]], p: P3 }]).accuracy).toBeCloseTo(3 / 4, 6);
    expect(measure(['accuracy'], 'index', [{ y: [[1], [1], [0], [1]], p: P3 }]).accuracy).toBeCloseTo(1 / 4, 6);
  });

  it('counts over all batches, weighted by rows (not a mean of batch accuracies)', () => {
    // batch 1: 1 of 1 right; batch 2: 1 of 3 right -> 2/4, not (1 + 1/3) / 2.
    const got = measure(['accuracy'], 'binary', [
      { y: [[1]], p: [[0.9]] },
      { y: [[1], [0], [0]], p: [[0.9], [0.8], [0.7]] },
    ]);
    expect(got.accuracy).toBeCloseTo(0.5, 6);
  });

  it('has no meaning for regression values', () => {
    expect(() => measure(['accuracy'], 'value', [{ y: [[1.5]], p: [[1.4]] }])).toThrow(/accuracy/);
  });
});

describe('precision and recall', () => {
  it('sign labels: positive means +1 and p > 0', () => {
    // predicted positive: rows 0, 3, 4, 5 (4); true positives: rows 0, 4 (2); actual positives: rows 0, 2, 4 (3)
    const y = [[1], [-1], [1], [-1], [1], [-1]];
    const p = [[0.3], [-0.2], [-0.1], [0.4], [0.9], [0.2]];
    const got = measure(['precision', 'recall'], 'sign', [{ y, p }]);
    expect(got.precision).toBeCloseTo(2 / 4, 6);
    expect(got.recall).toBeCloseTo(2 / 3, 6);
  });

  it('binary labels: threshold 0.5', () => {
    const got = measure(['precision', 'recall', 'accuracy'], 'binary', [{ y: [[1], [0], [1], [0], [1]], p: [[0.6], [0.4], [0.5], [0.7], [0.9]] }]);
    expect(got.precision).toBeCloseTo(2 / 3, 6); // predicted 0, 3, 4; right 0, 4
    expect(got.recall).toBeCloseTo(2 / 3, 6); // actual 0, 2, 4; found 0, 4
    expect(got.accuracy).toBeCloseTo(3 / 5, 6);
  });

  it('one-hot labels: every unit above 0.5 is a positive decision (Keras Precision/Recall on one-hot)', () => {
    const y = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]];
    const got = measure(['precision', 'recall'], 'onehot', [{ y, p: P3 }]);
    expect(got.precision).toBeCloseTo(2 / 3, 6); // above 0.5: (0,0) (1,2) (2,2); right: (0,0) (2,2)
    expect(got.recall).toBeCloseTo(2 / 4, 6);
  });

  it('counts true/false positives over the epoch, not per batch', () => {
    // batch 1: tp 1, fp 0 (precision 1); batch 2: tp 1, fp 3 (precision 0.25). Epoch: 2 / 5.
    const got = measure(['precision', 'recall'], 'binary', [
      { y: [[1]], p: [[0.9]] },
      { y: [[1], [0], [0], [0], [1]], p: [[0.9], [0.8], [0.7], [0.6], [0.1]] },
    ]);
    expect(got.precision).toBeCloseTo(2 / 5, 6);
    expect(got.recall).toBeCloseTo(2 / 3, 6);
  });

  it('is 0, not NaN, when nothing is predicted positive or nothing is positive', () => {
    const got = measure(['precision', 'recall'], 'binary', [{ y: [[0], [0]], p: [[0.1], [0.2]] }]);
    expect(got).toEqual({ loss: 0, precision: 0, recall: 0 });
  });
});

describe('loss and watched losses', () => {
  it('the loss is the row-weighted mean of the batch means', () => {
    const got = measure([], 'binary', [
      { y: [[1]], p: [[0.9]], loss: 2 },
      { y: [[1], [0], [0]], p: [[0.9], [0.8], [0.7]], loss: 1 },
    ]);
    expect(got.loss).toBeCloseTo((2 * 1 + 1 * 3) / 4, 6);
  });

  it('a watched loss is its per-sample mean', () => {
    const got = measure(['mse', 'mae'], 'value', [{ y: [[1], [2], [4]], p: [[1.5], [2], [3]] }]);
    expect(got.mse).toBeCloseTo((0.25 + 0 + 1) / 3, 6);
    expect(got.mae).toBeCloseTo((0.5 + 0 + 1) / 3, 6);
  });
});
