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

/**
 * tanh as a float32 rational function: Eigen's generic_fast_tanh_float (PyTorch's and XLA's CPU
 * tanh), every operation rounded to float32 as kernels/activations.ts performs it, so the two
 * agree bit for bit. Clamped at ±7.90531110763549805 (tanh is 1 in float32 there), x itself
 * below |x| = 0.0004; within a few float32 ulps of Math.tanh.
 */
const TANH_CLAMP = f32(7.90531110763549805);
const TANH_TINY = f32(0.0004);
const TANH_P = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3].map(f32);
const TANH_Q = [1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3].map(f32);

export function tanh32(a: number): number {
  if (Math.abs(a) < TANH_TINY) return a;
  const x = Math.max(Math.min(a, TANH_CLAMP), -TANH_CLAMP);
  const x2 = f32(x * x);
  let p = TANH_P[0]!;
  for (let i = 1; i < TANH_P.length; i++) p = f32(f32(x2 * p) + TANH_P[i]!);
  let q = TANH_Q[0]!;
  for (let i = 1; i < TANH_Q.length; i++) q = f32(f32(x2 * q) + TANH_Q[i]!);
  return f32(f32(x * p) / q);
}
