/** softsign: x / (1 + |x|). */
import { f32 } from '../fused/math.js';
import { activation, each } from './common.js';

export const softsign = activation({
  name: 'softsign',
  tfName: 'softsign',
  range: 'sign',
  doc: 'x / (1 + |x|), range (-1, 1)',
  fused: {
    // x / (|x| + 1); autodiff through div and abs (|x|' = -1 at 0)
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v / f32(Math.abs(v) + 1); } },
    backward(x, _y, dy, dx, n) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!, b = f32(Math.abs(v) + 1), g = dy[i]!;
        dx[i] = f32(g / b) - f32(f32(g * v) / f32(b * b)) * (v > 0 ? 1 : -1);
      }
    },
  },
  reference: each((v) => v / (1 + Math.abs(v))),
});
