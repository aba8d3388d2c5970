/**
 * The loss and accuracy kernels (kernels/losses.ts) against the JS forms the engine would run
 * otherwise, bit for bit: a loss entry's `fusedWasm` against its `fused` (the sum it returns and
 * the gradient it writes, with and without a gradient buffer), and FusedMetrics with kernels
 * against FusedMetrics without. Margins at exactly 0, predictions at the accuracy thresholds,
 * labels other than ±1, infinities and NaN; row counts and widths on both sides of a batch.
 */
import { describe, expect, it } from 'vitest';
import { FusedMetrics } from '../src/engine/fused/metrics.js';
import { denseKernels, releaseKernels } from '../src/engine/fused/wasm.js';
import { losses } from '../src/registry/losses/index.js';
import { floatBits, kernelArrays, values } from './fused-helpers.js';



/** ±1 labels with a few others; predictions through the margin (y·p = 1 exactly) and special values. */
function batch(n: number, seed: number, signs: boolean): { y: Float32Array; p: Float32Array } {
  const y = Float32Array.from(values(n, seed, -1, 1), (v) => (v > 0 ? 1 : -1));
  const p = Float32Array.from(values(n, seed + 1, -2, 2));
  const special = [1, -1, 0, -0, 0.5, 1e-30, Infinity, -Infinity, NaN];
  special.slice(0, n).forEach((v, i) => (p[(i * 5) % n] = v));
  if (!signs && n > 3) [y[1], y[2]] = [0.25, -3];
  return { y, p };
}

describe('loss kernels = their entries\' JS forms, bit for bit', () => {
  const withKernel = losses.names.map((n) => losses.get(n)!).filter((e) => e.fusedWasm);

  it('hinge has a kernel form', () => {
    expect(withKernel.map((e) => e.name)).toContain('hinge');
  });

  it.each(withKernel.map((e) => [e.name]))('%s: sum and gradient', (name) => {
    const entry = losses.get(name)!;
    const k = denseKernels();
    try {
      for (const [rows, w] of [[1, 1], [32, 1], [7, 3], [33, 2]] as const) {
        for (const signs of [true, false]) {
          const n = rows * w;
          const [y, p, grad, untouched] = kernelArrays(k, [n, n, n, n]) as [Float32Array, Float32Array, Float32Array, Float32Array];
          const b = batch(n, 10 * rows + w, signs);
          y.set(b.y);
          p.set(b.p);
          const scale = Math.fround(1 / rows);
          const gradJs = new Float32Array(n);
          const want = entry.fused({})(Float32Array.from(y), w, Float32Array.from(p), w, rows, gradJs, scale);
          const got = entry.fusedWasm!({}, k)(y, w, p, w, rows, grad, scale);
          expect(floatBits([got])).toEqual(floatBits([want]));
          expect(floatBits(grad)).toEqual(floatBits(gradJs));
          expect(gradJs.some((v) => v !== 0)).toBe(true);
          untouched.fill(7);
          expect(floatBits([entry.fusedWasm!({}, k)(y, w, p, w, rows, null, 0)])).toEqual(floatBits([want]));
          expect(untouched.every((v) => v === 7)).toBe(true);
        }
      }
    } finally {
      releaseKernels(k);
    }
  });
});

describe('accuracy through the kernels = the JS count', () => {
  it.each([['sign', 0], ['binary', 0.5]] as const)('%s labels', (labels, cut) => {
    const k = denseKernels();
    try {
      for (const [rows, w] of [[1, 1], [32, 1], [9, 3]] as const) {
        const n = rows * w;
        const [y, p] = kernelArrays(k, [n, n]) as [Float32Array, Float32Array];
        y.set(Float32Array.from(values(n, rows, -1, 1), (v) => (v > 0 ? 1 : labels === 'sign' ? -1 : 0)));
        p.set(values(n, rows + 1, cut - 1, cut + 1));
        [cut, -0, Infinity, NaN, cut + 1e-7].slice(0, n).forEach((v, i) => (p[(i * 3) % n] = v));
        const names = ['accuracy', 'precision', 'recall'];
        const viaKernel = new Float64Array(6), inJs = new Float64Array(6);
        new FusedMetrics(names, labels, k).add(viaKernel, y, w, p, w, rows, 0.5);
        new FusedMetrics(names, labels).add(inJs, y, w, p, w, rows, 0.5);
        expect(Array.from(viaKernel)).toEqual(Array.from(inJs));
        if (n > 3) expect(inJs[1]).toBeGreaterThan(0);
        if (n > 3) expect(inJs[1]).toBeLessThan(n);
      }
    } finally {
      releaseKernels(k);
    }
  });
});
