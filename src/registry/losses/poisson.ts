/** poisson: mean(p - y log(p)), for counts. */
import { EPS32, f32 } from '../fused/math.js';
import { EPS, REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, POS } from './reference.js';


export const poisson: LossEntry = {
  name: 'poisson',
  aliases: [],
  labels: REGRESSION,
  doc: 'mean(p - y log(p))',
  params: {},
  build: (tf) => (y, p) => tf.mean(tf.sub(p, tf.mul(y, tf.log(tf.add(p, EPS)))), -1),
  badRanges: { error: ['sign'], warning: ['unbounded'] },
  fused: () => rowMean(
    (y, p) => f32(p - f32(y * f32(Math.log(f32(p + EPS32))))),
    (y, p) => 1 - f32(y / f32(p + EPS32)),
  ),
  reference: { ...POS, ref: (y, p) => mean(y.map((v, i) => p[i]! - v * Math.log(p[i]! + EPS))) },
  trainsWith: { activation: 'softplus', units: 1, labels: 'value' },
};
