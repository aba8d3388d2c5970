/** linear: the identity (Keras's default activation). */
import { activation, each } from './common.js';

export const linear = activation({
  name: 'linear',
  tfName: 'linear',
  range: 'unbounded',
  doc: 'identity: f(x) = x',
  fused: {
    forward(x, y, n) { y.set(x.subarray(0, n)); },
    backward(_x, _y, dy, dx, n) { dx.set(dy.subarray(0, n)); },
  },
  reference: (x) => [...x],
});
