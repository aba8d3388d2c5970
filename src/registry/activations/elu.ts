/** elu: x, or exp(x) - 1 below zero. */
import { activation, each } from './common.js';

export const elu = activation({
  name: 'elu',
  tfName: 'elu',
  range: 'unbounded',
  doc: 'x if x > 0 else exp(x) - 1',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v >= 0 ? v : Math.exp(v) - 1; } },
    // EluGrad reads the output: dy where y >= 0, else dy * (y + 1)
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = v >= 0 ? dy[i]! : dy[i]! * (v + 1); } },
  },
  reference: each((v) => (v > 0 ? v : Math.exp(v) - 1)),
});
