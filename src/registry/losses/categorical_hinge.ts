/** categorical_hinge: the margin loss for one-hot labels. */
import type { FusedLossFn } from '../fused/types.js';
import { f32 } from '../fused/math.js';
import type { LossEntry } from './common.js';
import { PROB, sum } from './reference.js';


/** max(0, max((1-y)*p) - sum(y*p) + 1) per row; the max's gradient goes to every tied element. */
const fused: FusedLossFn = (y, _yw, p, w, rows, grad, s) => {
  let total = 0;
  for (let i = 0, n = rows * w; i < n; i += w) {
    let pos = 0;
    let neg = -Infinity;
    for (let j = i; j < i + w; j++) {
      pos += f32(y[j]! * p[j]!);
      const q = f32(f32(1 - y[j]!) * p[j]!);
      if (q > neg) neg = q;
    }
    const t = f32(f32(neg - f32(pos)) + 1);
    if (t > 0) total += t;
    if (grad) {
      for (let j = i; j < i + w; j++) {
        const c = f32(1 - y[j]!);
        grad[j] = t > 0 ? s * ((f32(c * p[j]!) === neg ? c : 0) - y[j]!) : 0;
      }
    }
  }
  return total;
};

export const categoricalHinge: LossEntry = {
  name: 'categorical_hinge',
  aliases: [],
  labels: ['onehot'],
  doc: 'max(0, max((1-y)*p) - sum(y*p) + 1); one-hot labels',
  params: {},
  build: (tf) => (y, p) => {
    const pos = tf.sum(tf.mul(y, p), -1);
    const neg = tf.max(tf.mul(tf.sub(1, y), p), -1);
    return tf.relu(tf.add(tf.sub(neg, pos), 1));
  },
  fused: () => fused,
  reference: {
    ...PROB,
    ref: (y, p) => Math.max(0, Math.max(...y.map((v, i) => (1 - v) * p[i]!)) - sum(y.map((v, i) => v * p[i]!)) + 1),
  },
  trainsWith: { activation: 'softmax', units: 2, labels: 'onehot' },
};
