/** softmax: exp(x) / sum(exp(x)) per row. */
import { f32 } from '../fused/math.js';
import { activation } from './common.js';

export const softmax = activation({
  name: 'softmax',
  tfName: 'softmax',
  range: 'simplex',
  doc: 'exp(x) / sum(exp(x)) over the last axis',
  fused: {
    // per row: exp(x - max) / sum; gradient y * (dy - sum(dy * y))
    forward(x, y, n, w) {
      for (let r = 0; r < n; r += w) {
        let m = -Infinity;
        for (let j = 0; j < w; j++) if (x[r + j]! > m) m = x[r + j]!;
        let s = 0;
        for (let j = 0; j < w; j++) { const e = f32(Math.exp(f32(x[r + j]! - m))); y[r + j] = e; s += e; }
        s = f32(s);
        for (let j = 0; j < w; j++) y[r + j] = y[r + j]! / s;
      }
    },
    backward(_x, y, dy, dx, n, w) {
      for (let r = 0; r < n; r += w) {
        let s = 0;
        for (let j = 0; j < w; j++) s += f32(dy[r + j]! * y[r + j]!);
        s = f32(s);
        for (let j = 0; j < w; j++) { const v = y[r + j]!; dx[r + j] = f32(dy[r + j]! * v) - f32(s * v); }
      }
    },
  },
  reference: (x) => {
    const e = x.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  },
});
