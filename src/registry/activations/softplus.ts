/** softplus: log(1 + exp(x)), with tfjs's cut-offs. */
import { f32, sigmoid, softplus as softplusOf } from '../fused/math.js';
import { activation, each } from './common.js';

export const softplus = activation({
  name: 'softplus',
  tfName: 'softplus',
  range: 'positive',
  doc: 'log(1 + exp(x))',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = softplusOf(x[i]!); },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = dy[i]! * f32(sigmoid(x[i]!)); },
  },
  reference: each((v) => Math.log1p(Math.exp(v))),
});
