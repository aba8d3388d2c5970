/** swish (silu): x * sigmoid(x). */
import { f32, sigmoid } from '../fused/math.js';
import { activation, each } from './common.js';

export const swish = activation({
  name: 'swish',
  aliases: ['silu'],
  tfName: 'swish',
  range: 'unbounded',
  doc: 'x * sigmoid(x)',
  fused: {
    // sigmoid(x) * x
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = f32(sigmoid(v)) * v; } },
    backward(x, _y, dy, dx, n) {
      for (let i = 0; i < n; i++) { const v = x[i]!, s = f32(sigmoid(v)), g = dy[i]!; dx[i] = f32(g * v) * f32(s * f32(1 - s)) + f32(g * s); }
    },
  },
  reference: each((v) => v / (1 + Math.exp(-v))),
});
