/**
 * Loss functions, by their Keras names, each returning one value per sample
 * (reduced over the last axis, as Keras's loss functions do before averaging).
 */
import { Type } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { LabelKind } from '../data/types.js';
import { makeRegistry, type Entry, type Tf } from './entry.js';

export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

export type LossEntry = Entry<any, LossFn> & {
  /** Label encodings the loss works with; the first is what `labels: auto` picks. */
  readonly labels: readonly LabelKind[];
  /** Output activations' ranges that make the loss meaningless (error) or doubtful (warning). */
  readonly badRanges?: { readonly error?: readonly string[]; readonly warning?: readonly string[] };
};

const EPS = 1e-7;

const loss = (
  name: string,
  aliases: string[],
  labels: LabelKind[],
  doc: string,
  build: (tf: Tf, p: Record<string, unknown>) => LossFn,
  extra: Partial<LossEntry> = {},
): LossEntry => ({ name, aliases, labels, doc, params: {}, build, ...extra });

const REGRESSION: LabelKind[] = ['value', 'binary', 'sign', 'onehot'];

export const losses = makeRegistry<LossEntry>('loss', [
  loss('hinge', [], ['sign'], 'mean(max(1 - y*p, 0)); labels ±1',
    (tf) => (y, p) => tf.mean(tf.relu(tf.sub(1, tf.mul(y, p))), -1),
    { badRanges: { warning: ['unit', 'simplex', 'positive'] } }),
  loss('squared_hinge', [], ['sign'], 'mean(max(1 - y*p, 0)^2); labels ±1',
    (tf) => (y, p) => tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(y, p)))), -1),
    { badRanges: { warning: ['unit', 'simplex', 'positive'] } }),
  loss('categorical_hinge', [], ['onehot'], 'max(0, max((1-y)*p) - sum(y*p) + 1); one-hot labels',
    (tf) => (y, p) => {
      const pos = tf.sum(tf.mul(y, p), -1);
      const neg = tf.max(tf.mul(tf.sub(1, y), p), -1);
      return tf.relu(tf.add(tf.sub(neg, pos), 1));
    }),
  loss('binary_crossentropy', ['bce'], ['binary'], '-(y log p + (1-y) log(1-p)); 0/1 labels, probabilities',
    (tf) => (y, p) => {
      const q = tf.clipByValue(p, EPS, 1 - EPS);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))), -1));
    },
    { badRanges: { error: ['sign'], warning: ['unbounded', 'positive'] } }),
  loss('categorical_crossentropy', ['cce'], ['onehot'], '-sum(y log p); one-hot labels, softmax output',
    (tf) => (y, p) => {
      const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
      return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1));
    },
    { badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] } }),
  loss('sparse_categorical_crossentropy', ['scce'], ['index'], '-log p[y]; class-index labels, softmax output',
    (tf) => (y, p) => {
      const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
      const oh = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), p.shape[p.rank - 1] as number);
      return tf.neg(tf.sum(tf.mul(tf.cast(oh, 'float32'), tf.log(q)), -1));
    },
    { badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] } }),
  loss('kl_divergence', ['kld', 'kullback_leibler_divergence'], ['onehot', 'binary'], 'sum(y log(y/p)); probability targets',
    (tf) => (y, p) => {
      const yc = tf.clipByValue(y, EPS, 1);
      const pc = tf.clipByValue(p, EPS, 1);
      return tf.sum(tf.mul(yc, tf.log(tf.div(yc, pc))), -1);
    },
    { badRanges: { error: ['sign'], warning: ['unbounded'] } }),
  loss('cosine_similarity', ['cosine_proximity', 'cosine'], ['onehot', 'sign'], '-cos(y, p) over the last axis (Keras 2 sign: lower is better)',
    (tf) => (y, p) => {
      const yn = tf.div(y, tf.maximum(tf.norm(y, 'euclidean', -1, true), EPS));
      const pn = tf.div(p, tf.maximum(tf.norm(p, 'euclidean', -1, true), EPS));
      return tf.neg(tf.sum(tf.mul(yn, pn), -1));
    }),
  loss('mean_squared_error', ['mse'], REGRESSION, 'mean((y - p)^2)',
    (tf) => (y, p) => tf.mean(tf.squaredDifference(y, p), -1)),
  loss('mean_absolute_error', ['mae'], REGRESSION, 'mean(|y - p|)',
    (tf) => (y, p) => tf.mean(tf.abs(tf.sub(y, p)), -1)),
  loss('mean_absolute_percentage_error', ['mape'], REGRESSION, '100 mean(|y - p| / |y|)',
    (tf) => (y, p) => tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(y, p), tf.maximum(tf.abs(y), EPS))), -1))),
  loss('mean_squared_logarithmic_error', ['msle'], REGRESSION, 'mean((log(1+y) - log(1+p))^2)',
    (tf) => (y, p) => {
      const ly = tf.log1p(tf.maximum(y, EPS));
      const lp = tf.log1p(tf.maximum(p, EPS));
      return tf.mean(tf.squaredDifference(ly, lp), -1);
    },
    { badRanges: { warning: ['sign'] } }),
  loss('poisson', [], REGRESSION, 'mean(p - y log(p))',
    (tf) => (y, p) => tf.mean(tf.sub(p, tf.mul(y, tf.log(tf.add(p, EPS)))), -1),
    { badRanges: { error: ['sign'], warning: ['unbounded'] } }),
  loss('log_cosh', ['logcosh'], REGRESSION, 'mean(log(cosh(p - y)))',
    (tf) => (y, p) => {
      const d = tf.sub(p, y);
      // log(cosh(x)) = x + softplus(-2x) - log(2), stable for large |x|
      return tf.mean(tf.sub(tf.add(d, tf.softplus(tf.mul(-2, d))), Math.log(2)), -1);
    }),
  {
    name: 'huber',
    aliases: ['huber_loss'],
    labels: REGRESSION,
    doc: 'quadratic for |y - p| <= delta, linear beyond',
    params: { delta: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'where the loss turns linear' }) },
    build: (tf, params) => {
      const delta = (params.delta as number | undefined) ?? 1;
      return (y, p) => {
        const err = tf.abs(tf.sub(y, p));
        const quad = tf.minimum(err, delta);
        const lin = tf.sub(err, quad);
        return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, lin)), -1);
      };
    },
  },
]);
