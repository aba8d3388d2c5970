/**
 * Adam's update (src/registry/optimizers/adam.ts) over the flat parameter
 * vector, f32x4 with a scalar tail of the same float32 operations: bit for
 * bit the entry's JS loop (test/fused-elementwise.test.ts), so the Keras 2
 * worked examples hold for both. The weights, gradients and moments live in
 * the kernels' memory (no copies per step); `c` is the step's bias-corrected
 * rate lr·√(1−β₂ᵗ)/(1−β₁ᵗ), computed by the caller. vh = 0: no AMSGrad.
 */

/** m = b1 m + ob1 g; v = b2 v + ob2 g²; amsgrad: vh = max(vh, v), used for v; w -= (m c) / (√v + eps). */
export function adam_step(w: usize, g: usize, m: usize, v: usize, vh: usize, n: i32, b1: f32, ob1: f32, b2: f32, ob2: f32, c: f32, eps: f32): void {
  const B1 = f32x4.splat(b1), OB1 = f32x4.splat(ob1), B2 = f32x4.splat(b2), OB2 = f32x4.splat(ob2);
  const C = f32x4.splat(c), E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, OB1));
    let vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), OB2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    if (vh) {
      vi = f32x4.max(v128.load(vh + o), vi);
      v128.store(vh + o, vi);
    }
    const step = f32x4.div(f32x4.mul(mi, C), f32x4.add(f32x4.sqrt(vi), E));
    v128.store(w + o, f32x4.sub(v128.load(w + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * ob1;
    let vi = load<f32>(v + o) * b2 + gi * gi * ob2;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    if (vh) {
      vi = max<f32>(load<f32>(vh + o), vi);
      store<f32>(vh + o, vi);
    }
    store<f32>(w + o, load<f32>(w + o) - (mi * c) / (sqrt<f32>(vi) + eps));
  }
}
