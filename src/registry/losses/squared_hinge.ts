/** squared_hinge: the squared margin loss for ±1 labels. */
import { f32 } from '../fused/math.js';
import { rowMean, type LossEntry } from './common.js';
import { mean, SIGN } from './reference.js';


export const squaredHinge: LossEntry = {
  name: 'squared_hinge',
  aliases: [],
  labels: ['sign'],
  doc: 'mean(max(1 - y*p, 0)^2); labels ±1',
  params: {},
  build: (tf) => (y, p) => tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(y, p)))), -1),
  badRanges: { warning: ['unit', 'simplex', 'positive'] },
  fused: () => rowMean(
    (y, p) => {
      const m = f32(1 - f32(y * p));
      return m > 0 ? f32(m * m) : 0;
    },
    (y, p) => {
      const m = f32(1 - f32(y * p));
      return m > 0 ? -2 * m * y : 0;
    },
  ),
  reference: { ...SIGN, ref: (y, p) => mean(y.map((v, i) => Math.max(1 - v * p[i]!, 0) ** 2)) },
  trainsWith: { activation: 'tanh', units: 1, labels: 'sign' },
};
