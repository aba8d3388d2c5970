/**
 * Loss sums and gradients, and accuracy counts, for the fused engine's step:
 * the WebAssembly form of each registry entry's JS form
 * (src/registry/losses/<name>.ts, src/engine/fused/metrics.ts), bit for bit
 * (test/fused-loss-kernels.test.ts): the same float32 roundings and the same
 * float64 sums in the same order. Why: at the tutorial's size (32 rows of one
 * output) these loops run interpreted for most of a fresh process's training,
 * while a kernel is compiled before its first call.
 * Arguments: byte offsets into the imported memory; `grad` 0 means no gradient.
 */

/**
 * hinge over `rows` rows of `w` values: returns the sum over rows of f32(rowSum / w), where
 * rowSum adds max(f32(1 - f32(y p)), 0) in float64; grad = f32((margin > 0 ? -y : 0) * k).
 */
export function hinge_loss(y: usize, p: usize, grad: usize, rows: i32, w: i32, k: f64): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    let sum: f64 = 0;
    for (let j = r * w, end = j + w; j < end; j++) {
      const o = <usize>j << 2;
      const yj = load<f32>(y + o);
      const m = <f32>1 - yj * load<f32>(p + o);
      sum += max<f64>(<f64>m, 0);
      if (grad) store<f32>(grad + o, <f32>((m > 0 ? -<f64>yj : 0.0) * k));
    }
    total += <f64>(<f32>(sum / <f64>w));
  }
  return total;
}

/** Hits of sign(p) = y (p > 0 gives 1, else -1) over n values. */
export function sign_hits(y: usize, p: usize, n: i32): i32 {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    if ((load<f32>(p + o) > 0 ? <f32>1 : <f32>-1) == load<f32>(y + o)) hits++;
  }
  return hits;
}

/** Hits of (p > 0.5 ? 1 : 0) = y over n values. */
export function binary_hits(y: usize, p: usize, n: i32): i32 {
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    if ((load<f32>(p + o) > <f32>0.5 ? <f32>1 : <f32>0) == load<f32>(y + o)) hits++;
  }
  return hits;
}
