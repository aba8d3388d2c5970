/** sparse_categorical_crossentropy: cross-entropy of class indexes and a softmax output. */
import { EPS, type LossEntry } from './common.js';
import { crossentropy } from './crossentropy.js';
import { clip, PROB, sum } from './reference.js';


export const sparseCategoricalCrossentropy: LossEntry = {
  name: 'sparse_categorical_crossentropy',
  aliases: ['scce'],
  labels: ['index'],
  doc: '-log p[y]; class-index labels, softmax output',
  params: {},
  build: (tf) => (y, p) => {
    const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
    const oh = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), p.shape[p.rank - 1] as number);
    return tf.neg(tf.sum(tf.mul(tf.cast(oh, 'float32'), tf.log(q)), -1));
  },
  badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] },
  fused: () => (y, _yw, p, w, rows, grad, s) => crossentropy(y, 1, p, w, rows, grad, s),
  reference: { y: [[1], [0]], p: PROB.p, ref: (y, p) => -Math.log(clip(p[y[0]!]! / sum(p), EPS, 1 - EPS)) },
  trainsWith: { activation: 'softmax', units: 2, labels: 'index' },
};
