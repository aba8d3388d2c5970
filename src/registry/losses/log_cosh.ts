/** log_cosh: mean(log(cosh(p - y))), computed stably. */
import { f32, sigmoid, softplus } from '../fused/math.js';
import { REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, VAL } from './reference.js';


export const logCosh: LossEntry = {
  name: 'log_cosh',
  aliases: ['logcosh'],
  labels: REGRESSION,
  doc: 'mean(log(cosh(p - y)))',
  params: {},
  build: (tf) => (y, p) => {
    const d = tf.sub(p, y);
    // log(cosh(x)) = x + softplus(-2x) - log(2), stable for large |x|
    return tf.mean(tf.sub(tf.add(d, tf.softplus(tf.mul(-2, d))), Math.log(2)), -1);
  },
  fused: () => {
    const log2 = f32(Math.log(2));
    return rowMean(
      (y, p) => {
        const d = f32(p - y);
        return f32(f32(d + f32(softplus(f32(-2 * d)))) - log2);
      },
      (y, p) => 1 - 2 * f32(sigmoid(f32(-2 * f32(p - y)))),
    );
  },
  reference: { ...VAL, ref: (y, p) => mean(y.map((v, i) => Math.log(Math.cosh(p[i]! - v)))) },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
