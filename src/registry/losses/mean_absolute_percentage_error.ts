/** mean_absolute_percentage_error: 100 mean(|y - p| / |y|). */
import { absGradSign, EPS32, f32 } from '../fused/math.js';
import type { FusedLossFn } from '../fused/types.js';
import { EPS, REGRESSION, type LossEntry } from './common.js';
import { mean, VAL } from './reference.js';


const fused: FusedLossFn = (y, _yw, p, w, rows, grad, s) => {
  let total = 0;
  const k = f32(f32(s * 100) / w); // rounded like tfjs's chain: mul(100) then mean over the row
  for (let i = 0, n = rows * w; i < n; i += w) {
    let sum = 0;
    for (let j = i; j < i + w; j++) {
      const d = Math.max(Math.abs(y[j]!), EPS32);
      const t = f32(f32(y[j]! - p[j]!) / d);
      sum += Math.abs(t);
      if (grad) grad[j] = -absGradSign(t) * f32(k / d);
    }
    total += f32(100 * f32(sum / w));
  }
  return total;
};

export const meanAbsolutePercentageError: LossEntry = {
  name: 'mean_absolute_percentage_error',
  aliases: ['mape'],
  labels: REGRESSION,
  doc: '100 mean(|y - p| / |y|)',
  params: {},
  build: (tf) => (y, p) => tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(y, p), tf.maximum(tf.abs(y), EPS))), -1)),
  fused: () => fused,
  reference: { ...VAL, ref: (y, p) => 100 * mean(y.map((v, i) => Math.abs(v - p[i]!) / Math.max(Math.abs(v), EPS))) },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
