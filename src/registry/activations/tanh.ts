/** tanh: the hyperbolic tangent. */
import { f32, tanh32 } from '../fused/math.js';
import { activation, each } from './common.js';

export const tanh = activation({
  name: 'tanh',
  tfName: 'tanh',
  range: 'sign',
  doc: 'hyperbolic tangent, range (-1, 1)',
  fused: {
    // a float32 rational tanh (fused/math.ts), as PyTorch's CPU kernels compute it; tfjs uses Math.tanh
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = tanh32(x[i]!); },
    // tfjs's gradient, op for op in float32: dy * (1 - y²)
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = dy[i]! * f32(1 - f32(v * v)); } },
    wasm: {
      id: 1,
      forward: (k, x, y, n) => k.tanh_forward(x.byteOffset, y.byteOffset, n),
      backward: (k, _x, y, dy, dx, n) => k.tanh_backward(y.byteOffset, dy.byteOffset, dx.byteOffset, n),
    },
  },
  reference: each(Math.tanh),
});
