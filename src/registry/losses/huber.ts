/** huber: quadratic near zero, linear beyond delta. */
import { Type } from '@sinclair/typebox';
import { absGradSign, f32 } from '../fused/math.js';
import { REGRESSION, rowMean, type LossEntry } from './common.js';
import { mean, VAL } from './reference.js';


/** The delta parameter, with its default when absent. */
const deltaOf = (params: Record<string, unknown>): number => (typeof params.delta === 'number' ? params.delta : 1);

export const huber: LossEntry = {
  name: 'huber',
  aliases: ['huber_loss'],
  labels: REGRESSION,
  doc: 'quadratic for |y - p| <= delta, linear beyond',
  params: { delta: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'where the loss turns linear' }) },
  build: (tf, params) => {
    const delta = deltaOf(params);
    return (y, p) => {
      const err = tf.abs(tf.sub(y, p));
      const quad = tf.minimum(err, delta);
      const lin = tf.sub(err, quad);
      return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, lin)), -1);
    };
  },
  fused: (params) => {
    const d32 = f32(deltaOf(params));
    return rowMean(
      (y, p) => {
        const err = Math.abs(f32(y - p));
        const quad = err <= d32 ? err : d32;
        return f32(f32(0.5 * f32(quad * quad)) + f32(d32 * f32(err - quad)));
      },
      (y, p) => {
        const e = f32(y - p);
        return -absGradSign(e) * (Math.abs(e) <= d32 ? Math.abs(e) : d32);
      },
    );
  },
  reference: {
    ...VAL,
    ref: (y, p) => mean(y.map((v, i) => {
      const e = Math.abs(v - p[i]!);
      return e <= 1 ? 0.5 * e * e : e - 0.5; // delta = 1
    })),
  },
  trainsWith: { activation: 'linear', units: 1, labels: 'value' },
};
