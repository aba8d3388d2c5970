/** categorical_crossentropy: cross-entropy of one-hot labels and a softmax output. */
import { EPS, type LossEntry } from './common.js';
import { crossentropy } from './crossentropy.js';
import { clip, PROB, sum } from './reference.js';


export const categoricalCrossentropy: LossEntry = {
  name: 'categorical_crossentropy',
  aliases: ['cce'],
  labels: ['onehot'],
  doc: '-sum(y log p); one-hot labels, softmax output',
  params: {},
  build: (tf) => (y, p) => {
    const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
    return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1));
  },
  badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] },
  fused: () => (y, _yw, p, w, rows, grad, s) => crossentropy(y, 0, p, w, rows, grad, s),
  reference: { ...PROB, ref: (y, p) => -sum(y.map((v, i) => v * Math.log(clip(p[i]! / sum(p), EPS, 1 - EPS)))) },
  trainsWith: { activation: 'softmax', units: 2, labels: 'onehot' },
};
