/** mean_squared_logarithmic_error: mean((log(1+y) - log(1+p))^2). */
import { EPS32, f32 } from '../fused/math.js';
import { EPS, REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, POS } from './reference.js';


/** The log difference, with both sides floored at eps as the builder's maximum does. */
const e = (y: number, p: number) => f32(Math.log1p(Math.max(y, EPS32))) - f32(Math.log1p(p >= EPS32 ? p : EPS32));

export const meanSquaredLogarithmicError: LossEntry = {
  name: 'mean_squared_logarithmic_error',
  aliases: ['msle'],
  labels: REGRESSION,
  doc: 'mean((log(1+y) - log(1+p))^2)',
  params: {},
  build: (tf) => (y, p) => {
    const ly = tf.log1p(tf.maximum(y, EPS));
    const lp = tf.log1p(tf.maximum(p, EPS));
    return tf.mean(tf.squaredDifference(ly, lp), -1);
  },
  badRanges: { warning: ['sign'] },
  fused: () => rowMean(
    (y, p) => f32(e(y, p) * e(y, p)),
    (y, p) => (p >= EPS32 ? (-2 * f32(e(y, p))) / f32(p + 1) : 0),
  ),
  reference: {
    ...POS,
    ref: (y, p) => mean(y.map((v, i) => (Math.log(Math.max(p[i]!, EPS) + 1) - Math.log(Math.max(v, EPS) + 1)) ** 2)),
  },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
