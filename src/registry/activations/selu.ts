/** selu: scaled elu with tfjs's constants. */
import { f32, SELU_SCALE, SELU_SCALEALPHA } from '../fused/math.js';
import { activation, each } from './common.js';

/** Keras's constants (Klambauer et al. 2017), for the reference formula. */
const SELU_A = 1.6732632423543772;
const SELU_S = 1.0507009873554805;

export const selu = activation({
  name: 'selu',
  tfName: 'selu',
  range: 'unbounded',
  doc: 'scaled elu (Klambauer et al. 2017)',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v >= 0 ? SELU_SCALE * v : SELU_SCALEALPHA * (Math.exp(v) - 1); } },
    // the gradient's mask is x > 0 (the value's is x >= 0), with the constants as float32 scalars
    backward(x, _y, dy, dx, n) {
      const s = f32(SELU_SCALE), sa = f32(SELU_SCALEALPHA);
      for (let i = 0; i < n; i++) { const v = x[i]!; dx[i] = v > 0 ? dy[i]! * s : f32(dy[i]! * sa) * f32(Math.exp(v)); }
    },
  },
  reference: each((v) => SELU_S * (v > 0 ? v : SELU_A * (Math.exp(v) - 1))),
});
