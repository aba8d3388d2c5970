/** The fused form categorical_crossentropy and sparse_categorical_crossentropy share. */
import { EPS32, f32, ONE_MINUS_EPS32 } from '../fused/math.js';
import { clipLo, EPS } from './common.js';

/** -sum(y log clip(p / sum(p))), with one-hot rows (index = 0) or class indexes (index = 1). */
export function crossentropy(y: Float32Array, index: number, p: Float32Array, w: number, rows: number, grad: Float32Array | null, s: number): number {
  let total = 0;
  for (let r = 0, i = 0; r < rows; r++, i += w) {
    let sp = 0;
    for (let j = i; j < i + w; j++) sp += p[j]!;
    sp = f32(sp);
    const cls = index ? y[r]! : -1;
    let sum = 0;
    let gp = 0;
    for (let j = i; j < i + w; j++) {
      const t = index ? (j - i === cls ? 1 : 0) : y[j]!;
      const q0 = f32(p[j]! / sp);
      const q = clipLo(q0, EPS, 1 - EPS);
      sum += f32(t * f32(Math.log(q)));
      if (grad) {
        // dL/dq, then through q = p / sum(p)
        const gq = q0 >= EPS32 && q0 <= ONE_MINUS_EPS32 ? -t / q : 0;
        grad[j] = gq;
        gp += gq * p[j]!;
      }
    }
    total += -f32(sum);
    if (grad) {
      const c = gp / (sp * sp);
      for (let j = i; j < i + w; j++) grad[j] = s * (grad[j]! / sp - c);
    }
  }
  return total;
}
