/** binary_crossentropy: cross-entropy of 0/1 labels and probabilities. */
import type { FusedLossFn } from '../fused/types.js';
import { EPS32, f32, ONE_MINUS_EPS32 } from '../fused/math.js';
import { clipLo, EPS, type LossEntry } from './common.js';
import { BIN, clip, mean } from './reference.js';


/** -(y log q + (1-y) log(1-q)) with q = clip(p), averaged over the row; no gradient where clipped. */
const fused: FusedLossFn = (y, _yw, p, w, rows, grad, s) => {
  let total = 0;
  const k = s / w;
  for (let i = 0, n = rows * w; i < n; i += w) {
    let sum = 0;
    for (let j = i; j < i + w; j++) {
      const v = p[j]!, t = y[j]!;
      const q = clipLo(v, EPS, 1 - EPS);
      const oq = f32(1 - q);
      sum += f32(f32(t * f32(Math.log(q))) + f32(f32(1 - t) * f32(Math.log(oq))));
      if (grad) grad[j] = v >= EPS32 && v <= ONE_MINUS_EPS32 ? -k * (t / q - (1 - t) / oq) : 0;
    }
    total += -f32(sum / w);
  }
  return total;
};

export const binaryCrossentropy: LossEntry = {
  name: 'binary_crossentropy',
  aliases: ['bce'],
  labels: ['binary'],
  doc: '-(y log p + (1-y) log(1-p)); 0/1 labels, probabilities',
  params: {},
  build: (tf) => (y, p) => {
    const q = tf.clipByValue(p, EPS, 1 - EPS);
    return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))), -1));
  },
  badRanges: { error: ['sign'], warning: ['unbounded', 'positive'] },
  fused: () => fused,
  reference: {
    ...BIN,
    ref: (y, p) => -mean(y.map((v, i) => {
      const q = clip(p[i]!, EPS, 1 - EPS);
      return v * Math.log(q) + (1 - v) * Math.log(1 - q);
    })),
  },
  trainsWith: { activation: 'sigmoid', units: 1, labels: 'binary' },
};
