/** gelu: the exact (erf) form. */
import { erf, f32 } from '../fused/math.js';
import { activation, each } from './common.js';

/** Abramowitz & Stegun 7.1.26 in float64 (|error| < 1.5e-7), for the reference formula. */
function erf64(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

export const gelu = activation({
  name: 'gelu',
  tfName: 'gelu',
  range: 'unbounded',
  doc: 'x * Phi(x), exact (erf) form',
  fused: {
    // x * 0.5 * (1 + erf(x / sqrt 2)); erf's gradient is the exact 2/sqrt(pi) exp(-u^2)
    forward(x, y, n) {
      for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v * f32(0.5 * f32(1 + f32(erf(f32(v / Math.SQRT2))))); }
    },
    backward(x, _y, dy, dx, n) {
      const k = f32(2 / Math.sqrt(Math.PI));
      for (let i = 0; i < n; i++) {
        const v = x[i]!, g = dy[i]!, u = f32(v / Math.SQRT2);
        const cdf = f32(0.5 * f32(1 + f32(erf(u))));
        const dErf = f32(f32(f32(g * v) * 0.5) * f32(f32(Math.exp(-f32(u * u))) * k));
        dx[i] = f32(g * cdf) + f32(dErf / Math.SQRT2);
      }
    },
  },
  reference: each((v) => 0.5 * v * (1 + erf64(v / Math.SQRT2))), // exact form (Keras approximate=False)
});
