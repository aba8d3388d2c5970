/**
 * The element-wise WebAssembly kernels (kernels/activations.ts, kernels/adam.ts) against the JS
 * forms in their registry entries, bit for bit: the engine runs the kernels, the entries state the
 * formulas, and the two must be the same function. Lengths on both sides of the f32x4 width, so
 * the scalar tails count; values through zero, the rational tanh's small-x and clamp thresholds,
 * infinities and NaN. And the rational tanh against Math.tanh.
 */
import { describe, expect, it } from 'vitest';
import { denseKernels, releaseKernels } from '../src/engine/fused/wasm.js';
import { activations } from '../src/registry/activations/index.js';
import { tanh32 } from '../src/registry/fused/math.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { floatBits, kernelArrays, values } from './fused-helpers.js';

const LENGTHS = [1, 3, 4, 7, 33, 640];
const SPECIAL = [0, -0, 3e-4, -3e-4, 4e-4, 1e-30, 0.5, -2, 7.9, 7.90531110763549805, -8, 9, 1e3, Infinity, -Infinity, NaN];


function inputs(n: number, seed: number, spread: number): Float32Array {
  const x = Float32Array.from(values(n, seed, -spread, spread));
  SPECIAL.slice(0, n).forEach((v, i) => (x[(i * 7) % n] = v));
  return x;
}

/** Same float32 bits, NaN for NaN (payloads may differ). */
function expectSame(got: Float32Array, want: Float32Array): void {
  expect(floatBits(got)).toEqual(floatBits(want));
}

describe('activation kernels = their registry entries, bit for bit', () => {
  it.each([['tanh'], ['relu']])('%s forward and backward', (name) => {
    const f = activations.get(name)!.fused;
    expect(f.wasm).toBeDefined();
    const k = denseKernels();
    try {
      for (const n of LENGTHS) {
        const [x, y, dy, dx] = kernelArrays(k, [n, n, n, n]) as [Float32Array, Float32Array, Float32Array, Float32Array];
        x.set(inputs(n, n, 10));
        dy.set(values(n, n + 1));
        const yJs = new Float32Array(n), dxJs = new Float32Array(n);
        f.forward(x, yJs, n, n);
        f.backward(x, yJs, dy, dxJs, n, n);
        f.wasm!.forward(k, x, y, n);
        expectSame(y, yJs);
        f.wasm!.backward(k, x, y, dy, dx, n);
        expectSame(dx, dxJs);
      }
    } finally {
      releaseKernels(k);
    }
  });
});

describe('the float32 rational tanh', () => {
  const f = Math.fround;
  // one float32 slot and its int32 view (not a new pair of arrays at each of the 400,000 calls below)
  const slot = new Float32Array(1), slotBits = new Int32Array(slot.buffer);
  const bits = (v: number) => ((slot[0] = v), slotBits[0]!);
  it('is within 8 float32 ulps of Math.tanh, odd, and never past ±1', () => {
    let worst = 0, asymmetric = 0, past = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = f(-12 + (24 * i) / 200_000);
      const t = tanh32(x);
      worst = Math.max(worst, Math.abs(bits(t) - bits(f(Math.tanh(x)))));
      if (tanh32(-x) !== -t) asymmetric++;
      if (Math.abs(t) > 1) past++;
    }
    expect([asymmetric, past]).toEqual([0, 0]);
    expect(worst).toBeGreaterThan(0); // it is not Math.tanh
    expect(worst).toBeLessThanOrEqual(8);
  });

  it('keeps small values, saturates to ±1 and passes NaN on', () => {
    expect(tanh32(f(1e-5))).toBe(f(1e-5));
    expect(tanh32(-0)).toBe(-0);
    expect(tanh32(Infinity)).toBe(1);
    expect(tanh32(-1e6)).toBe(-1);
    expect(tanh32(NaN)).toBeNaN();
  });
});

describe('adam kernel = the entry\'s JS loop, bit for bit', () => {
  const adam = optimizers.get('adam')!;
  const cases: [string, Record<string, unknown>][] = [
    ['defaults', {}],
    ['amsgrad', { amsgrad: true, beta_2: 0.5 }],
    ['decay and epsilon', { decay: 0.5, epsilon: 1e-4, learning_rate: 0.01 }],
  ];
  it.each(cases)('%s', (_label, extra) => {
    const p = { type: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false, decay: 0, ...extra };
    const k = denseKernels();
    try {
      for (const n of [1, 5, 141, 1001]) {
        const slots = adam.fusedSlots!(p as never);
        const [w, g, ...state] = kernelArrays(k, [n, n, ...Array<number>(slots).fill(n)]) as Float32Array[];
        w!.set(values(n, 3 * n));
        const wJs = Float32Array.from(w!);
        const viaWasm = adam.fused(p as never, n, { backendEpsilon: 1e-7, wasm: { kernels: k, state } });
        const inJs = adam.fused(p as never, n, { backendEpsilon: 1e-7 });
        for (let step = 0; step < 5; step++) {
          g!.set(values(n, 100 * n + step, -2, 2));
          if (step === 2) g!.fill(0, 0, Math.min(n, 3)); // zero gradients: m and v decay alone
          viaWasm.step(w!, g!);
          inJs.step(wJs, Float32Array.from(g!));
          expectSame(w!, wJs);
        }
      }
    } finally {
      releaseKernels(k);
    }
  });
});

describe('a dense layer and its activation in one call = the separate calls, bit for bit', () => {
  // [rows, inputs, units]: register-block edges and a shared axis past the kernels' 256 slice
  it.each([[1, 3, 5], [32, 5, 20], [33, 300, 9]])('rows %i, inputs %i, units %i', (R, I, U) => {
    const k = denseKernels();
    try {
      const scratch = Math.max(k.scratchFloats(U, I), k.scratchFloats(I, U), k.scratchFloats(U, R));
      for (const [name, act] of [['tanh', 1], ['relu', 2]] as const) {
        expect(activations.get(name)!.fused.wasm!.id).toBe(act);
        for (const withBias of [true, false]) {
          // x W b | y out dOut dy G gb dx | the same seven for the separate calls | scratch
          const n = [R * I, I * U, U, R * U, R * U, R * U, R * U, I * U, U, R * I, R * U, R * U, R * U, R * U, I * U, U, R * I, scratch];
          const a = kernelArrays(k, n);
          a[0]!.set(values(R * I, 1, -2, 2));
          a[1]!.set(values(I * U, 2, -0.5, 0.5));
          a[2]!.set(values(U, 3));
          a[5]!.set(values(R * U, 4));
          a[12]!.set(a[5]!);
          const o = (i: number) => a[i]!.byteOffset;
          const b = withBias ? o(2) : 0;
          k.dense_forward_act(o(0), o(1), b, o(3), R, I, U, o(17), act, o(4));
          k.dense_backward_act(act, o(3), o(4), o(5), o(6), o(0), o(1), o(7), withBias ? o(8) : 0, o(9), R, I, U, o(17));
          k.dense_forward(o(0), o(1), b, o(10), R, I, U, o(17));
          if (act === 1) k.tanh_forward(o(10), o(11), R * U); else k.relu_forward(o(10), o(11), R * U);
          if (act === 1) k.tanh_backward(o(11), o(12), o(13), R * U); else k.relu_backward(o(10), o(12), o(13), R * U);
          k.dense_kernel_grad(o(0), o(13), o(14), R, I, U, o(17));
          if (withBias) k.dense_bias_grad(o(13), o(15), R, U);
          k.dense_input_grad(o(13), o(1), o(16), R, I, U, o(17));
          for (const [got, want] of [[3, 10], [4, 11], [6, 13], [7, 14], [8, 15], [9, 16]]) expectSame(a[got]!, a[want]!);
          expect(a[4]!.some((v) => v !== 0)).toBe(true);
        }
      }
    } finally {
      releaseKernels(k);
    }
  });
});
