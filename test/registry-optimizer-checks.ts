/**
 * The checks every optimizer entry goes through (test/registry-optimizers.test.ts runs them on
 * the registry; test/registry-add-optimizer.test.ts on a copy of src/ with one optimizer added).
 * Each entry brings its own facts: its float64 `reference` and the `examples` to try.
 *
 * - worked example: three steps from known weights and gradients (values chosen so each rule
 *   difference this project once had shows: gradients of 1e-4 and 1e-6, a zero gradient, one that
 *   shrinks), the fused form and the tfjs Optimizer both on the reference to float32 rounding;
 * - fused = tfjs step by step over 24 weights and 6 steps;
 * - every Keras parameter reaches the tfjs optimizer (its config); getWeights/setWeights
 *   continues a run exactly; dispose frees every tensor;
 * - the entry is complete: doc, rule, elsewhere, a description and default for every parameter.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { maxRelScaled, values } from './fused-helpers.js';

type Params = Record<string, unknown>;
/** The parts of an optimizer entry the checks use (structural, so a copied src/ fits too). */
export interface CheckedOptimizer {
  name: string; doc: string; rule: string; elsewhere: string; params: TProperties;
  build(tf: typeof TF, p: Params): TF.Optimizer;
  fused(p: Params, size: number, ctx: { backendEpsilon: number }): { step(w: Float32Array, g: Float32Array): void };
  reference(p: Params, n: number): (w: number[], g: number[]) => void;
  examples: readonly Params[];
}
type Defaults = (params: TProperties, given: Params) => Params;

const W0 = [0.5, -1.5, 0.02, 0, 3, -0.25].map(Math.fround);
const GRADS = [
  [0.3, -0.2, 1e-4, 1e-6, 0, 2.0],
  [0.25, 0.1, -2e-4, 1e-6, 0.5, 0.01],
  [-0.1, 0.05, 1e-4, -1e-6, 0.5, 0.001],
].map((g) => g.map(Math.fround));
const ulp32 = (x: number) => (x === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));

/** Float32 rounding: 4 ulps of the stored weight plus 1e-5 of the distance travelled. */
function expectClose(got: ArrayLike<number>, exp: number[], label: string): void {
  for (let i = 0; i < exp.length; i++) {
    const tol = 4 * ulp32(Math.max(Math.abs(W0[i]!), Math.abs(exp[i]!))) + 1e-5 * Math.abs(exp[i]! - W0[i]!);
    expect(Math.abs(got[i]! - exp[i]!), `${label}, weight ${i}: got ${got[i]}, the reference gives ${exp[i]}`).toBeLessThanOrEqual(tol);
  }
}

let unique = 0;
function applyTo(tf: typeof TF, opt: TF.Optimizer, v: TF.Variable, g: number[]): void {
  const t = tf.tensor1d(g);
  opt.applyGradients({ [v.name]: t });
  t.dispose();
}

function workedExample(tf: typeof TF, e: CheckedOptimizer, params: Params): void {
  const ref = e.reference(params, W0.length);
  const w = [...W0];
  const expected = GRADS.map((g) => (ref(w, g), [...w]));
  const fused = e.fused(params, W0.length, { backendEpsilon: 1e-7 });
  const fw = Float32Array.from(W0);
  GRADS.forEach((g, s) => {
    fused.step(fw, Float32Array.from(g));
    expectClose(fw, expected[s]!, `fused, step ${s + 1}`);
  });
  const variable = tf.variable(tf.tensor1d(W0), true, `worked_${e.name}_${unique++}`);
  const opt = e.build(tf, params);
  try {
    GRADS.forEach((g, s) => {
      applyTo(tf, opt, variable, g);
      expectClose(variable.dataSync(), expected[s]!, `tfjs, step ${s + 1}`);
    });
  } finally {
    opt.dispose();
    variable.dispose();
  }
}

function fusedEqualsTfjs(tf: typeof TF, e: CheckedOptimizer, params: Params): void {
  const N = 24, STEPS = 6;
  const grads = Array.from({ length: STEPS }, (_, s) => values(N, 100 + s, -0.3, 0.3).map((g, i) => (i === 3 ? 0 : i === 4 ? g * 1e-4 : g)));
  const variable = tf.variable(tf.tensor1d(values(N, 5, -0.8, 0.8)), true, `parity_${e.name}_${unique++}`);
  const opt = e.build(tf, params);
  const fused = e.fused(params, N, { backendEpsilon: tf.backend().epsilon() });
  const w = Float32Array.from(values(N, 5, -0.8, 0.8));
  try {
    for (let s = 0; s < STEPS; s++) {
      applyTo(tf, opt, variable, grads[s]!);
      fused.step(w, Float32Array.from(grads[s]!));
      expect(maxRelScaled(w, variable.dataSync()), `step ${s + 1}`).toBeLessThanOrEqual(1e-5);
    }
  } finally {
    opt.dispose();
    variable.dispose();
  }
}

async function savedStateContinues(tf: typeof TF, e: CheckedOptimizer, params: Params): Promise<void> {
  const a = tf.variable(tf.tensor1d(W0), true, `state_a_${e.name}_${unique++}`);
  const b = tf.variable(tf.tensor1d(W0), true, `state_b_${e.name}_${unique++}`);
  const first = e.build(tf, params), second = e.build(tf, params);
  try {
    applyTo(tf, first, a, GRADS[0]!); applyTo(tf, first, a, GRADS[1]!);
    const saved = await first.getWeights();
    // slots renamed for b's variable, as a restore into another model would
    await second.setWeights(saved.map((w, i) => (i === 0 ? w : { name: w.name.replace(a.name, b.name), tensor: w.tensor })));
    saved[0]!.tensor.dispose();
    b.assign(a);
    applyTo(tf, first, a, GRADS[2]!);
    applyTo(tf, second, b, GRADS[2]!);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(second.iterations).toBe(3);
  } finally {
    first.dispose(); second.dispose();
    a.dispose(); b.dispose();
  }
}

/** Registers the checks for every entry; `tf()` is read when the tests run (after beforeAll). */
export function optimizerChecks(entries: readonly CheckedOptimizer[], defaults: Defaults, tf: () => typeof TF): void {
  for (const e of entries) {
    const sets = [{}, ...e.examples].map((given) => ({ label: JSON.stringify(given), params: { type: e.name, ...defaults(e.params, given) } }));
    describe(`optimizer ${e.name}`, () => {
      it('states its doc, rule, elsewhere, and a description and default for every parameter', () => {
        for (const text of [e.doc, e.rule, e.elsewhere]) expect(text.trim().length).toBeGreaterThan(10);
        for (const [k, s] of Object.entries(e.params)) {
          expect(k, 'Keras-style snake_case').toMatch(/^[a-z][a-z0-9_]*$/);
          expect((s as { description?: string }).description, `${k}: description`).toBeTruthy();
          expect((s as { default?: unknown }).default, `${k}: default`).toBeDefined();
        }
      });
      it.each(sets)('worked example against its float64 reference: $label', ({ params }) => workedExample(tf(), e, params));
      it.each(sets)('fused = tfjs, step by step: $label', ({ params }) => fusedEqualsTfjs(tf(), e, params));
      it('passes every Keras parameter to tfjs, under its Keras name', () => {
        const given: Params = {};
        for (const [k, s] of Object.entries(e.params)) {
          const d = (s as { default?: unknown }).default;
          given[k] = typeof d === 'boolean' ? !d : d === 0 ? 0.3 : (d as number) * 0.5; // all non-default
        }
        const opt = e.build(tf(), { type: e.name, ...given });
        const config = opt.getConfig();
        opt.dispose();
        for (const [k, v] of Object.entries(given)) expect(config[k], k).toBe(v);
      });
      it('getWeights then setWeights on a new instance continues the run exactly', () => savedStateContinues(tf(), e, sets[sets.length - 1]!.params));
      it('dispose frees every tensor the optimizer made', () => {
        const v = tf().variable(tf().tensor1d([1, 2, 3]), true, `dispose_${e.name}_${unique++}`);
        const before = tf().memory().numTensors;
        const opt = e.build(tf(), sets[sets.length - 1]!.params);
        for (const g of GRADS) applyTo(tf(), opt, v, g.slice(0, 3));
        opt.dispose();
        expect(tf().memory().numTensors).toBe(before);
        v.dispose();
      });
    });
  }
}
