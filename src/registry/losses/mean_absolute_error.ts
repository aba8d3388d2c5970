/** mean_absolute_error: mean(|y - p|). */
import { absGradSign, f32 } from '../fused/math.js';
import { REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, VAL } from './reference.js';


export const meanAbsoluteError: LossEntry = {
  name: 'mean_absolute_error',
  aliases: ['mae'],
  labels: REGRESSION,
  doc: 'mean(|y - p|)',
  params: {},
  build: (tf) => (y, p) => tf.mean(tf.abs(tf.sub(y, p)), -1),
  fused: () => rowMean(
    (y, p) => Math.abs(f32(y - p)),
    (y, p) => -absGradSign(f32(y - p)),
  ),
  reference: { ...VAL, ref: (y, p) => mean(y.map((v, i) => Math.abs(v - p[i]!))) },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
