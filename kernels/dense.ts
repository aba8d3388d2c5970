/**
 * The dense layer's three matrix products, in AssemblyScript, compiled to
 * WebAssembly by scripts/build-kernels.mjs (`npm run build`) into
 * dist/kernels/dense.wasm, which src/engine/fused/wasm.ts loads.
 *
 * Every argument is an i32: a byte offset into the imported memory (where
 * the network's Float32Arrays live) or a count. Storage and arithmetic are
 * float32 (f32x4 SIMD, no FMA: WebAssembly has none that is deterministic),
 * in a fixed order, so a result is the same on every run and machine.
 *
 * One general product C[M x N] = A[M x K] * B[K x N] serves all three:
 * A is read in place through two strides (so Xᵀ needs no copy); B is first
 * packed into panels of NR = 8 columns, contiguous along K (zero-padded
 * past N), so the inner loop reads it sequentially; C is computed in
 * MR x NR = 4 x 8 register blocks: 8 f32x4 accumulators, each k step one
 * broadcast load of A per row, two vector loads of B, 8 mul + 8 add.
 */

/** Columns per packed panel and per register block (two f32x4). */
const NR: i32 = 8;
/** Rows per register block: 8 accumulators + 2 panel vectors + 1 broadcast stay in 16 registers. */
const MR: i32 = 4;
/**
 * Length of a slice of the shared axis: a panel's slice (KC x 8 floats, 8 KiB) stays in L1 while
 * it meets every row, and A's slice (M x KC) in L2 while it meets every panel. Past the first
 * slice, the accumulators start from C's partial sums.
 */
const KC: i32 = 256;

/**
 * Packs B (element (k, n) at b + 4 * (k * bks + n * bns)) into panels:
 * panel p holds columns 8p..8p+7, element (k, c) at dst + 4 * (p * K * 8 + k * 8 + c).
 */
function pack(b: usize, bks: i32, bns: i32, K: i32, N: i32, dst: usize): void {
  for (let j0 = 0; j0 < N; j0 += NR) {
    const nb = min(NR, N - j0);
    const panel = dst + (<usize>(j0 * K) << 2);
    if (bns == 1 && nb == NR) {
      // a row of the panel is 8 contiguous floats of B: two vector copies
      for (let k = 0; k < K; k++) {
        const src = b + (<usize>(k * bks + j0) << 2);
        const to = panel + (<usize>(k * NR) << 2);
        v128.store(to, v128.load(src));
        v128.store(to, v128.load(src, 16), 16);
      }
      continue;
    }
    // column by column: for Wᵀ (bks = 1) a column of the panel is a row of W, read in order
    for (let c = 0; c < NR; c++) {
      const src = b + (<usize>((j0 + c) * bns) << 2);
      for (let k = 0; k < K; k++) {
        store<f32>(panel + (<usize>(k * NR + c) << 2), c < nb ? load<f32>(src + (<usize>(k * bks) << 2)) : 0);
      }
    }
  }
}

/** Writes the first `nb` (< 8) lanes of v0:v1 to p. */
@inline
function storeTail(p: usize, v0: v128, v1: v128, nb: i32): void {
  store<f32>(p, f32x4.extract_lane(v0, 0));
  if (nb > 1) store<f32>(p, f32x4.extract_lane(v0, 1), 4);
  if (nb > 2) store<f32>(p, f32x4.extract_lane(v0, 2), 8);
  if (nb > 3) store<f32>(p, f32x4.extract_lane(v0, 3), 12);
  if (nb > 4) store<f32>(p, f32x4.extract_lane(v1, 0), 16);
  if (nb > 5) store<f32>(p, f32x4.extract_lane(v1, 1), 20);
  if (nb > 6) store<f32>(p, f32x4.extract_lane(v1, 2), 24);
}

/** Lanes from..from+3 of a row holding `nb` (< 8) values at p - 4 * from, zeros past its end. */
@inline
function loadPart(p: usize, nb: i32, from: i32): v128 {
  let v = f32x4.splat(0);
  if (from < nb) v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (from + 1 < nb) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (from + 2 < nb) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  if (from + 3 < nb) v = f32x4.replace_lane(v, 3, load<f32>(p, 12));
  return v;
}

@inline
function loadLo(p: usize, nb: i32): v128 {
  return nb == NR ? v128.load(p) : loadPart(p, nb, 0);
}

@inline
function loadHi(p: usize, nb: i32): v128 {
  return nb == NR ? v128.load(p, 16) : loadPart(p + 16, nb, 4);
}

@inline
function store8(p: usize, v0: v128, v1: v128, nb: i32): void {
  if (nb == NR) {
    v128.store(p, v0);
    v128.store(p, v1, 16);
  } else storeTail(p, v0, v1, nb);
}

/**
 * Rows m0..m0+3 of C, columns j0..j0+nb-1, from K rows of one packed panel. The
 * accumulators start at `init` (8 floats: the bias, or zeros), or with `acc`
 * at C's values (the sums of the slices of the shared axis before this one).
 */
function block4(a: usize, ams: i32, aks: i32, panel: usize, K: i32, c: usize, N: i32, m0: i32, j0: i32, nb: i32, init: usize, acc: bool): void {
  const row = <usize>N << 2;
  const out = c + (<usize>(m0 * N + j0) << 2);
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  if (acc) {
    c00 = loadLo(out, nb); c01 = loadHi(out, nb);
    c10 = loadLo(out + row, nb); c11 = loadHi(out + row, nb);
    c20 = loadLo(out + 2 * row, nb); c21 = loadHi(out + 2 * row, nb);
    c30 = loadLo(out + 3 * row, nb); c31 = loadHi(out + 3 * row, nb);
  } else {
    c00 = c10 = c20 = c30 = v128.load(init);
    c01 = c11 = c21 = c31 = v128.load(init, 16);
  }
  const step = <usize>aks << 2;
  let a0 = a + (<usize>(m0 * ams) << 2);
  let a1 = a0 + (<usize>ams << 2);
  let a2 = a1 + (<usize>ams << 2);
  let a3 = a2 + (<usize>ams << 2);
  let p = panel;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    let x = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a0 += step; a1 += step; a2 += step; a3 += step;
    p += NR << 2;
  }
  store8(out, c00, c01, nb);
  store8(out + row, c10, c11, nb);
  store8(out + 2 * row, c20, c21, nb);
  store8(out + 3 * row, c30, c31, nb);
}

/** One row of C (the rows left over after the 4-row blocks), same order of operations. */
function block1(a: usize, ams: i32, aks: i32, panel: usize, K: i32, c: usize, N: i32, m: i32, j0: i32, nb: i32, init: usize, acc: bool): void {
  const out = c + (<usize>(m * N + j0) << 2);
  let c0 = acc ? loadLo(out, nb) : v128.load(init);
  let c1 = acc ? loadHi(out, nb) : v128.load(init, 16);
  const step = <usize>aks << 2;
  let a0 = a + (<usize>(m * ams) << 2);
  let p = panel;
  for (let k = 0; k < K; k++) {
    const x = v128.load32_splat(a0);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(p)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(p, 16)));
    a0 += step;
    p += NR << 2;
  }
  store8(out, c0, c1, nb);
}

/**
 * C = A * B (+ the row vector at `bias`, 0 for none). `scratch` holds the
 * packed B and a padded copy of the bias: see scratchFloats().
 */
function gemm(a: usize, ams: i32, aks: i32, b: usize, bks: i32, bns: i32, c: usize, M: i32, N: i32, K: i32, bias: usize, scratch: usize): void {
  const panels = (N + NR - 1) / NR;
  const init = scratch;
  const packed = scratch + (<usize>(panels * NR) << 2);
  for (let j = 0; j < panels * NR; j++) store<f32>(init + (<usize>j << 2), bias != 0 && j < N ? load<f32>(bias + (<usize>j << 2)) : 0);
  pack(b, bks, bns, K, N, packed);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const as = a + (<usize>(k0 * aks) << 2);
    for (let p = 0; p < panels; p++) {
      const j0 = p * NR;
      const nb = min(NR, N - j0);
      const panel = packed + (<usize>(j0 * K + k0 * NR) << 2);
      const bi = init + (<usize>j0 << 2);
      let m = 0;
      for (; m + MR <= M; m += MR) block4(as, ams, aks, panel, kc, c, N, m, j0, nb, bi, k0 > 0);
      for (; m < M; m++) block1(as, ams, aks, panel, kc, c, N, m, j0, nb, bi, k0 > 0);
    }
  }
}

/** Floats of scratch a product with these N and K needs (the caller reserves the maximum). */
export function scratchFloats(N: i32, K: i32): i32 {
  const padded = (N + NR - 1) / NR * NR;
  return padded * (K + 1);
}

/** y[rows x U] = x[rows x I] * W[I x U] (+ b). */
export function dense_forward(x: usize, W: usize, b: usize, y: usize, rows: i32, I: i32, U: i32, scratch: usize): void {
  gemm(x, I, 1, W, U, 1, y, rows, U, I, b, scratch);
}

/** dx[rows x I] = dy[rows x U] * Wᵀ. */
export function dense_input_grad(dy: usize, W: usize, dx: usize, rows: i32, I: i32, U: i32, scratch: usize): void {
  gemm(dy, U, 1, W, 1, U, dx, rows, I, U, 0, scratch);
}

/** G[I x U] = xᵀ * dy (x: rows x I, dy: rows x U). */
export function dense_kernel_grad(x: usize, dy: usize, G: usize, rows: i32, I: i32, U: i32, scratch: usize): void {
  gemm(x, 1, I, dy, U, 1, G, I, U, rows, 0, scratch);
}

/** g[U] = the column sums of dy[rows x U], row after row. */
export function dense_bias_grad(dy: usize, g: usize, rows: i32, U: i32): void {
  let j = 0;
  for (; j + 4 <= U; j += 4) {
    let s = f32x4.splat(0);
    let p = dy + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += <usize>U << 2;
    }
    v128.store(g + (<usize>j << 2), s);
  }
  for (; j < U; j++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(dy + (<usize>(r * U + j) << 2));
    store<f32>(g + (<usize>j << 2), s);
  }
}

// One module, one memory: the element-wise kernels the fused forms use ship in the same .wasm.
import { tanh_forward, tanh_backward, relu_forward, relu_backward } from './activations';
export { tanh_forward, tanh_backward, relu_forward, relu_backward } from './activations';
export { adam_step } from './adam';
export { hinge_loss, sign_hits, binary_hits } from './losses';

/**
 * A dense layer and the activation after it in one call each way, so a step crosses from JS into
 * WebAssembly a few times instead of a dozen (each crossing costs ~1 µs until V8 has optimized the
 * JS that calls it). `act` is the activation's `fused.wasm.id` in its registry entry: 1 tanh,
 * 2 relu. The operations are those of the separate calls, in the same order.
 */
@inline
function actForward(act: i32, y: usize, out: usize, n: i32): void {
  if (act == 1) tanh_forward(y, out, n);
  else relu_forward(y, out, n);
}

/** y = x W (+ b), then out = act(y). */
export function dense_forward_act(x: usize, W: usize, b: usize, y: usize, rows: i32, I: i32, U: i32, scratch: usize, act: i32, out: usize): void {
  gemm(x, I, 1, W, U, 1, y, rows, U, I, b, scratch);
  actForward(act, y, out, rows * U);
}

/**
 * From dOut (the gradient at the activation's output `out`, its input `y`): dy = the activation's
 * backward, then the weight gradient G, the bias gradient gb (0: no bias) and, unless dx is 0,
 * the input gradient dx.
 */
export function dense_backward_act(act: i32, y: usize, out: usize, dOut: usize, dy: usize, x: usize, W: usize, G: usize, gb: usize, dx: usize, rows: i32, I: i32, U: i32, scratch: usize): void {
  if (act == 1) tanh_backward(out, dOut, dy, rows * U);
  else relu_backward(y, dOut, dy, rows * U);
  dense_kernel_grad(x, dy, G, rows, I, U, scratch);
  if (gb) dense_bias_grad(dy, gb, rows, U);
  if (dx) dense_input_grad(dy, W, dx, rows, I, U, scratch);
}
