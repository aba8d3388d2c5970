/** kl_divergence: Kullback-Leibler divergence of probability targets. */
import { EPS32, f32 } from '../fused/math.js';
import type { FusedLossFn } from '../fused/types.js';
import { clipLo, EPS, type LossEntry } from './common.js';
import { clip, PROB, sum } from './reference.js';


/** sum(yc log(yc / pc)) with both clipped to [eps, 1]; no gradient where p is clipped. */
const fused: FusedLossFn = (y, _yw, p, w, rows, grad, s) => {
  let total = 0;
  for (let i = 0, n = rows * w; i < n; i += w) {
    let rowSum = 0;
    for (let j = i; j < i + w; j++) {
      const v = p[j]!;
      const yc = clipLo(y[j]!, EPS, 1), pc = clipLo(v, EPS, 1);
      rowSum += f32(yc * f32(Math.log(f32(yc / pc))));
      if (grad) grad[j] = v >= EPS32 && v <= 1 ? -s * yc / pc : 0;
    }
    total += f32(rowSum);
  }
  return total;
};

export const klDivergence: LossEntry = {
  name: 'kl_divergence',
  aliases: ['kld', 'kullback_leibler_divergence'],
  labels: ['onehot', 'binary'],
  doc: 'sum(y log(y/p)); probability targets',
  params: {},
  build: (tf) => (y, p) => {
    const yc = tf.clipByValue(y, EPS, 1);
    const pc = tf.clipByValue(p, EPS, 1);
    return tf.sum(tf.mul(yc, tf.log(tf.div(yc, pc))), -1);
  },
  badRanges: { error: ['sign'], warning: ['unbounded'] },
  fused: () => fused,
  reference: {
    ...PROB,
    ref: (y, p) => sum(y.map((v, i) => clip(v, EPS, 1) * Math.log(clip(v, EPS, 1) / clip(p[i]!, EPS, 1)))),
  },
  trainsWith: { activation: 'softmax', units: 2, labels: 'onehot' },
};
