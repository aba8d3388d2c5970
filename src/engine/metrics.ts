/**
 * Per-batch metric sums on the device, read once per epoch. Accuracy follows
 * the label encoding: sign(p) = y for ±1, p > 0.5 for 0/1, argmax for
 * one-hot and index labels (never tfjs's guess from the output shape).
 */
import type * as TF from '@tensorflow/tfjs';
import type { LabelKind } from '../data/types.js';
import type { Tf } from '../registry/entry.js';
import type { LossFn } from '../registry/losses/index.js';
import { metrics as metricRegistry } from '../registry/metrics/index.js';

export interface MetricPlan {
  /** Reported names, in order: loss first, then the experiment's metrics. */
  names: string[];
  /** Sums for one batch: [loss*n, ...per metric], plus tp/fp/fn counters at the end. */
  sums(yTrue: TF.Tensor, yPred: TF.Tensor, lossMean: TF.Scalar): TF.Tensor1D;
  /** Turns summed vectors over `rows` into the reported values. */
  finish(total: Float32Array | number[], rows: number): Record<string, number>;
}

function correct(tf: Tf, y: TF.Tensor, p: TF.Tensor, kind: LabelKind): TF.Tensor {
  switch (kind) {
    case 'sign':
      return tf.sum(tf.cast(tf.equal(tf.where(tf.greater(p, 0), tf.onesLike(p), tf.neg(tf.onesLike(p))), y), 'float32'));
    case 'binary':
      return tf.sum(tf.cast(tf.equal(tf.cast(tf.greater(p, 0.5), 'float32'), y), 'float32'));
    case 'onehot':
      return tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), 'float32'));
    case 'index':
      return tf.sum(tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(tf.reshape(y, [-1]), 'int32')), 'float32'));
    default:
      throw new Error(`accuracy has no meaning for ${kind} labels`);
  }
}

/** Positive decisions and truths, unit by unit (Keras's Precision/Recall thresholds). */
function confusion(tf: Tf, y: TF.Tensor, p: TF.Tensor, kind: LabelKind): TF.Tensor[] {
  const cut = kind === 'sign' ? 0 : 0.5;
  const pp = tf.cast(tf.greater(p, cut), 'float32');
  const yp = tf.cast(tf.greater(y, cut), 'float32');
  const tp = tf.sum(tf.mul(pp, yp));
  return [tp, tf.sub(tf.sum(pp), tp), tf.sub(tf.sum(yp), tp)];
}

export function metricPlan(tf: Tf, names: string[], labels: LabelKind): MetricPlan {
  const entries = names.map((n) => metricRegistry.get(n)!);
  const fns: (LossFn | null)[] = entries.map((e) => e.build(tf, {}));
  const needsCounts = entries.some((e) => e.kind === 'precision' || e.kind === 'recall');
  return {
    names: ['loss', ...entries.map((e) => e.name)],
    sums(y, p, lossMean) {
      const n = y.shape[0] as number;
      const parts: TF.Tensor[] = [tf.mul(lossMean, n)];
      entries.forEach((e, i) => {
        if (e.kind === 'accuracy') parts.push(correct(tf, y, p, labels));
        else if (e.kind === 'mean') parts.push(tf.sum(fns[i]!(y, p)));
        else parts.push(tf.scalar(0));
      });
      if (needsCounts) parts.push(...confusion(tf, y, p, labels));
      return tf.stack(parts.map((t) => tf.reshape(t, []))) as TF.Tensor1D;
    },
    finish(total, rows) {
      const out: Record<string, number> = { loss: total[0]! / rows };
      const k = entries.length + 1;
      const [tp, fp, fn] = [total[k] ?? 0, total[k + 1] ?? 0, total[k + 2] ?? 0];
      entries.forEach((e, i) => {
        if (e.kind === 'precision') out[e.name] = tp + fp > 0 ? tp / (tp + fp) : 0;
        else if (e.kind === 'recall') out[e.name] = tp + fn > 0 ? tp / (tp + fn) : 0;
        else out[e.name] = total[i + 1]! / rows;
      });
      return out;
    },
  };
}
