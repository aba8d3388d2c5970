/** cosine_similarity: minus the cosine of labels and predictions (Keras 2 sign). */
import type * as TF from '@tensorflow/tfjs';
import { f32 } from '../fused/math.js';
import type { FusedLossFn } from '../fused/types.js';
import type { LossEntry } from './common.js';
import { norm, sum, VAL } from './reference.js';


/** -sum(unit(y) * unit(p)), unit(t) = t * rsqrt(max(sum(t^2), 1e-12)). */
const fused: FusedLossFn = (y, _yw, p, w, rows, grad, s) => {
  const tiny = f32(1e-12);
  let total = 0;
  for (let i = 0, n = rows * w; i < n; i += w) {
    let sy = 0, sp = 0;
    for (let j = i; j < i + w; j++) {
      sy += f32(y[j]! * y[j]!);
      sp += f32(p[j]! * p[j]!);
    }
    sy = f32(sy);
    sp = f32(sp);
    const ry = f32(1 / Math.sqrt(Math.max(sy, tiny)));
    const mp = Math.max(sp, tiny);
    const rp = f32(1 / Math.sqrt(mp));
    let dot = 0, d = 0;
    for (let j = i; j < i + w; j++) {
      const uy = f32(y[j]! * ry);
      dot += f32(uy * f32(p[j]! * rp));
      d += f32(uy * p[j]!);
    }
    total += -f32(dot);
    if (grad) {
      // d/dp_k = -uy_k rp + (sum_j uy_j p_j) * mp^-1.5 * p_k   (the second term only where sp >= 1e-12)
      const c = sp >= tiny ? f32(d) / f32(Math.pow(mp, 1.5)) : 0;
      for (let j = i; j < i + w; j++) grad[j] = s * (-f32(y[j]! * ry) * rp + c * p[j]!);
    }
  }
  return total;
};

export const cosineSimilarity: LossEntry = {
  name: 'cosine_similarity',
  aliases: ['cosine_proximity', 'cosine'],
  labels: ['onehot', 'sign'],
  doc: '-cos(y, p) over the last axis (Keras 2 sign: lower is better)',
  params: {},
  build: (tf) => (y, p) => {
    // Keras's l2_normalize: x * rsqrt(max(sum(x^2), 1e-12)), whose gradient stays finite at x = 0
    // (a norm's gradient is NaN there, and a zero prediction row is common: dead relus, zero biases).
    const unit = (t: TF.Tensor) => tf.mul(t, tf.rsqrt(tf.maximum(tf.sum(tf.square(t), -1, true), 1e-12)));
    return tf.neg(tf.sum(tf.mul(unit(y), unit(p)), -1));
  },
  fused: () => fused,
  reference: { ...VAL, ref: (y, p) => -sum(y.map((v, i) => (v / norm(y)) * (p[i]! / norm(p)))) },
  trainsWith: { activation: 'linear', units: 2, labels: 'onehot' },
};
