/** tanh: the hyperbolic tangent. */
import { f32 } from '../fused/math.js';
import { activation, each } from './common.js';

export const tanh = activation({
  name: 'tanh',
  tfName: 'tanh',
  range: 'sign',
  doc: 'hyperbolic tangent, range (-1, 1)',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = f32(1 - v * v) * dy[i]!; } },
  },
  reference: each(Math.tanh),
});
