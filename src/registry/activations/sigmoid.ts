/** sigmoid: the logistic function. */
import { f32, sigmoid as logistic } from '../fused/math.js';
import { activation, each } from './common.js';

export const sigmoid = activation({
  name: 'sigmoid',
  tfName: 'sigmoid',
  range: 'unit',
  doc: '1 / (1 + exp(-x)), range (0, 1)',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!)); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = dy[i]! * f32(v * f32(1 - v)); } },
  },
  reference: each(logistic),
});
