/** mean_squared_error: mean((y - p)^2). */
import { f32 } from '../fused/math.js';
import { REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, VAL } from './reference.js';


export const meanSquaredError: LossEntry = {
  name: 'mean_squared_error',
  aliases: ['mse'],
  labels: REGRESSION,
  doc: 'mean((y - p)^2)',
  params: {},
  build: (tf) => (y, p) => tf.mean(tf.squaredDifference(y, p), -1),
  fused: () => rowMean(
    (y, p) => f32((y - p) * (y - p)),
    (y, p) => -2 * f32(y - p),
  ),
  reference: { ...VAL, ref: (y, p) => mean(y.map((v, i) => (v - p[i]!) ** 2)) },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
