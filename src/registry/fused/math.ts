/**
 * Scalar functions the fused forms share, written as tfjs's cpu kernels
 * compute them (same formulas, same thresholds), so values agree to float32
 * rounding. Pure JS; the registry entries import it and the engine imports it from here, so it must load nothing.
 */

export const f32 = Math.fround;

/** tfjs's erf (Abramowitz & Stegun 7.1.26, as in tfjs-core's erf_util). */
const ERF_P = 0.3275911;
const ERF_A1 = 0.254829592;
const ERF_A2 = -0.284496736;
const ERF_A3 = 1.421413741;
const ERF_A4 = -1.453152027;
const ERF_A5 = 1.061405429;

export function erf(x: number): number {
  const sign = Math.sign(x);
  const v = Math.abs(x);
  const t = 1.0 / (1.0 + ERF_P * v);
  return sign * (1.0 - (((((ERF_A5 * t + ERF_A4) * t) + ERF_A3) * t + ERF_A2) * t + ERF_A1) * t * Math.exp(-v * v));
}

/** tfjs's softplus kernel, with its overflow/underflow cut-offs. */
const SOFTPLUS_THRESHOLD = Math.log(1.1920928955078125e-7) + 2.0;

export function softplus(x: number): number {
  if (x < SOFTPLUS_THRESHOLD) return Math.exp(x);
  if (x > -SOFTPLUS_THRESHOLD) return x;
  return Math.log(1.0 + Math.exp(x));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** tfjs's SELU constants (tfjs-core selu_util). */
export const SELU_SCALE = 1.0507009873554804934193349852946;
export const SELU_SCALEALPHA = 1.7580993408473768599402175208123;

/** The loss registry's clip epsilon, as tfjs holds it (a float32 scalar). */
export const EPS32 = f32(1e-7);
export const ONE_MINUS_EPS32 = f32(1 - 1e-7);

/** tfjs's step(x, alpha) as used by abs' gradient: 1 for x > 0, else -1 (NaN stays NaN). */
export function absGradSign(x: number): number {
  return x > 0 ? 1 : x !== x ? NaN : -1;
}
