/** hinge: the margin loss for ±1 labels. */
import { f32 } from '../fused/math.js';
import { rowMean, type LossEntry } from './common.js';
import { mean, SIGN } from './reference.js';


export const hinge: LossEntry = {
  name: 'hinge',
  aliases: [],
  labels: ['sign'],
  doc: 'mean(max(1 - y*p, 0)); labels ±1',
  params: {},
  build: (tf) => (y, p) => tf.mean(tf.relu(tf.sub(1, tf.mul(y, p))), -1),
  badRanges: { warning: ['unit', 'simplex', 'positive'] },
  fused: () => rowMean(
    (y, p) => Math.max(f32(1 - f32(y * p)), 0),
    (y, p) => (f32(1 - f32(y * p)) > 0 ? -y : 0),
  ),
  // kernels/losses.ts: the same float32 margins and float64 sums; the arrays lie in the kernels' memory
  fusedWasm: (_params, k) => (y, _yw, p, w, rows, grad, s) => k.hinge_loss(y.byteOffset, p.byteOffset, grad ? grad.byteOffset : 0, rows, w, s / w),
  reference: { ...SIGN, ref: (y, p) => mean(y.map((v, i) => Math.max(1 - v * p[i]!, 0))) },
  trainsWith: { activation: 'tanh', units: 1, labels: 'sign' },
};
