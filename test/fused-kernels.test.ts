/**
 * The WebAssembly dense kernels (kernels/dense.ts) against float64 references, shape by shape:
 * sizes on both sides of the 4-row and 8-column register blocks, a shared axis of 1, inputs
 * wider than the blocks. float32 sums in a fixed order differ from exact sums by at most about
 * K float32 epsilons of the sum of |products| (K = the shared axis); the bound below is that,
 * which any wrong index, missed term or stale panel breaks by orders of magnitude.
 */
import { describe, expect, it } from 'vitest';
import { denseKernels, ensureMemory, releaseKernels, type DenseKernels } from '../src/engine/fused/wasm.js';
import { values } from './fused-helpers.js';

const EPS32 = 2 ** -24;

/** Places arrays in the kernels' memory (16-byte aligned) and returns their byte offsets. */
function place(k: DenseKernels, arrays: Float32Array[], scratchFloats: number): { at: number[]; view: (i: number, n: number) => Float32Array } {
  const at: number[] = [];
  let bytes = 16; // leave 0 free: it means "no bias"
  for (const a of [...arrays, new Float32Array(scratchFloats)]) {
    at.push(bytes);
    bytes += Math.ceil(a.length / 4) * 16 + 16;
  }
  ensureMemory(k, bytes);
  new Uint8Array(k.memory.buffer).fill(0); // pooled memory holds the last user's values
  arrays.forEach((a, i) => new Float32Array(k.memory.buffer, at[i]!, a.length).set(a));
  return { at, view: (i, n) => new Float32Array(k.memory.buffer, at[i]!, n) };
}

/** c[m][n] = sum_k a(m, k) b(k, n) in float64, and the error bound per element. */
function reference(M: number, N: number, K: number, a: (m: number, k: number) => number, b: (k: number, n: number) => number, bias?: Float32Array) {
  const c = new Float64Array(M * N), bound = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = bias ? bias[n]! : 0, mag = Math.abs(s);
      for (let k = 0; k < K; k++) {
        const p = a(m, k) * b(k, n);
        s += p;
        mag += Math.abs(p);
      }
      c[m * N + n] = s;
      bound[m * N + n] = (K + 2) * EPS32 * mag + 1e-30;
    }
  }
  return { c, bound };
}

function expectWithin(got: Float32Array, ref: { c: Float64Array; bound: Float64Array }): void {
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref.c[i]!) / ref.bound[i]!);
  expect(worst).toBeLessThanOrEqual(1);
}

// [rows, inputs, units]
// shared axes past 256 (the kernels' slice of it) in each product: inputs 520, units 300, rows 300
const SHAPES = [[1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 17], [32, 5, 20], [33, 60, 70], [13, 97, 1], [128, 130, 24], [6, 520, 13], [7, 9, 300], [300, 20, 9]] as const;

describe('dense kernels = float64 products within float32 summation error', () => {
  it.each(SHAPES)('rows %i, inputs %i, units %i', (R, I, U) => {
    const k = denseKernels();
    try {
      const x = Float32Array.from(values(R * I, 1, -2, 2));
      const W = Float32Array.from(values(I * U, 2, -0.5, 0.5));
      const b = Float32Array.from(values(U, 3, -1, 1));
      const dy = Float32Array.from(values(R * U, 4, -1, 1));
      const scratch = Math.max(k.scratchFloats(U, I), k.scratchFloats(I, U), k.scratchFloats(U, R));
      // 0 x, 1 W, 2 b, 3 dy, 4 y, 5 dx, 6 G, 7 g; scratch last
      const mem = place(k, [x, W, b, dy, new Float32Array(R * U), new Float32Array(R * I), new Float32Array(I * U), new Float32Array(U)], scratch);
      const [ax, aW, ab, ady, ay, adx, aG, ag, as] = mem.at as [number, number, number, number, number, number, number, number, number];
      k.dense_forward(ax, aW, ab, ay, R, I, U, as);
      expectWithin(mem.view(4, R * U), reference(R, U, I, (m, q) => x[m * I + q]!, (q, n) => W[q * U + n]!, b));
      k.dense_forward(ax, aW, 0, ay, R, I, U, as);
      expectWithin(mem.view(4, R * U), reference(R, U, I, (m, q) => x[m * I + q]!, (q, n) => W[q * U + n]!));
      k.dense_input_grad(ady, aW, adx, R, I, U, as);
      expectWithin(mem.view(5, R * I), reference(R, I, U, (m, q) => dy[m * U + q]!, (q, n) => W[n * U + q]!));
      k.dense_kernel_grad(ax, ady, aG, R, I, U, as);
      expectWithin(mem.view(6, I * U), reference(I, U, R, (m, q) => x[q * I + m]!, (q, n) => dy[q * U + n]!));
      k.dense_bias_grad(ady, ag, R, U);
      expectWithin(mem.view(7, U), reference(1, U, R, () => 1, (q, n) => dy[q * U + n]!));
      // nothing written past the outputs (the padding lanes of the last panel stay out of C)
      expect(new Float32Array(k.memory.buffer, ay + R * U * 4, 1)[0]).toBe(0);
      expect(new Float32Array(k.memory.buffer, adx + R * I * 4, 1)[0]).toBe(0);
    } finally {
      releaseKernels(k);
    }
  });

  it('the same inputs give the same bits every time', () => {
    const k = denseKernels();
    try {
      const R = 37, I = 50, U = 19;
      const x = Float32Array.from(values(R * I, 5)), W = Float32Array.from(values(I * U, 6));
      const mem = place(k, [x, W, new Float32Array(R * U)], k.scratchFloats(U, I));
      const [ax, aW, ay, as] = mem.at as [number, number, number, number];
      k.dense_forward(ax, aW, 0, ay, R, I, U, as);
      const first = mem.view(2, R * U).slice();
      mem.view(2, R * U).fill(0);
      k.dense_forward(ax, aW, 0, ay, R, I, U, as);
      expect(mem.view(2, R * U)).toEqual(first);
    } finally {
      releaseKernels(k);
    }
  });
});
