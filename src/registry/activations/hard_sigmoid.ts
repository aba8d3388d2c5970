/** hard_sigmoid: Keras 2's piecewise-linear sigmoid. */
import { f32 } from '../fused/math.js';
import { activation, each } from './common.js';

export const hardSigmoid = activation({
  name: 'hard_sigmoid',
  tfName: 'hardSigmoid',
  range: 'unit',
  doc: 'clip(0.2 x + 0.5, 0, 1) (Keras 2)',
  fused: {
    // clip(0.5 + 0.2 x, 0, 1) with 0.2 a float32 scalar; the clip passes the gradient on [0, 1], ends included
    forward(x, y, n) {
      const a = f32(0.2);
      for (let i = 0; i < n; i++) { const t = f32(0.5 + f32(a * x[i]!)); y[i] = t > 1 ? 1 : t < 0 ? 0 : t; }
    },
    backward(x, _y, dy, dx, n) {
      const a = f32(0.2);
      for (let i = 0; i < n; i++) { const t = f32(0.5 + f32(a * x[i]!)); dx[i] = t >= 0 && t <= 1 ? dy[i]! * a : 0; }
    },
  },
  reference: each((v) => Math.min(1, Math.max(0, 0.2 * v + 0.5))), // Keras 2
});
