/**
 * Element-wise activations for the fused engine, f32x4 with a scalar tail
 * that performs the same float32 operations, so a value's result does not
 * depend on its position. Each kernel is the WebAssembly form of the JS
 * formula in its registry entry (src/registry/activations/<name>.ts), bit
 * for bit (test/fused-elementwise.test.ts). Arguments: byte offsets into
 * the imported memory and a count of values.
 *
 * tanh is a rational function (Eigen's generic_fast_tanh_float, which
 * PyTorch's and XLA's CPU kernels use): clamp to ±7.90531110763549805 (where
 * it reaches 1 in float32), odd 13th-degree numerator over even 6th-degree
 * denominator, x itself below |x| = 0.0004. Within a few float32 ulps of
 * tanh, and a fifth of the cost of Math.tanh.
 */

const CLAMP: f32 = 7.90531110763549805;
const TINY: f32 = 0.0004;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = 4.89352518554385e-3;
const B2: f32 = 2.268434632439e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

@inline
function tanh4(a: v128): v128 {
  const x = f32x4.max(f32x4.min(a, f32x4.splat(CLAMP)), f32x4.splat(-CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(x2, f32x4.splat(A13)), f32x4.splat(A11));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A9));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A7));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A5));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A3));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(A1));
  p = f32x4.mul(x, p);
  let q = f32x4.add(f32x4.mul(x2, f32x4.splat(B6)), f32x4.splat(B4));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(B2));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(B0));
  const tiny = f32x4.lt(f32x4.abs(a), f32x4.splat(TINY));
  return v128.bitselect(a, f32x4.div(p, q), tiny);
}

@inline
function tanh1(a: f32): f32 {
  if (abs<f32>(a) < TINY) return a;
  const x = max<f32>(min<f32>(a, CLAMP), -CLAMP);
  const x2 = x * x;
  let p = x2 * A13 + A11;
  p = x2 * p + A9;
  p = x2 * p + A7;
  p = x2 * p + A5;
  p = x2 * p + A3;
  p = x2 * p + A1;
  p = x * p;
  let q = x2 * B6 + B4;
  q = x2 * q + B2;
  q = x2 * q + B0;
  return p / q;
}

/** y = tanh(x), n values. */
export function tanh_forward(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), tanh4(v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), tanh1(load<f32>(x + (<usize>i << 2))));
}

/** dx = dy * (1 - y * y): tfjs's tanh gradient, op for op in float32. */
export function tanh_backward(y: usize, dy: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * (1 - v * v));
  }
}

/** y = max(0, x) (NaN stays NaN, -0 becomes 0, as Math.max). */
export function relu_forward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), f32x4.max(v128.load(x + (<usize>i << 2)), zero));
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), max<f32>(load<f32>(x + (<usize>i << 2)), 0));
}

/** dx = dy where x > 0, NaN where x is NaN, else 0 (relu'(0) = 0, as tfjs). */
export function relu_backward(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const nan = f32x4.splat(NaN);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const kept = v128.and(v128.load(dy + o), f32x4.gt(v, zero));
    v128.store(dx + o, v128.bitselect(nan, kept, f32x4.ne(v, v)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(dx + o, v > 0 ? load<f32>(dy + o) : v != v ? NaN : 0);
  }
}
