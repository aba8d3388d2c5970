/** relu: max(0, x). */
import { activation, each } from './common.js';

export const relu = activation({
  name: 'relu',
  tfName: 'relu',
  range: 'positive',
  doc: 'max(0, x)',
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.max(0, x[i]!); },
    // relu'(0) = 0 as in tfjs; NaN stays NaN
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = x[i]!; dx[i] = v > 0 ? dy[i]! : v !== v ? NaN : 0; } },
    wasm: {
      id: 2,
      forward: (k, x, y, n) => k.relu_forward(x.byteOffset, y.byteOffset, n),
      backward: (k, x, _y, dy, dx, n) => k.relu_backward(x.byteOffset, dy.byteOffset, dx.byteOffset, n),
    },
  },
  reference: each((v) => Math.max(0, v)),
});
