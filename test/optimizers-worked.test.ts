/**
 * Worked examples: every optimizer and option, three steps from known weights and gradients,
 * against Keras 2's formulas (keras/optimizers.py 2.2/2.3; rmsprop's `momentum` and `centered`
 * as tf.keras defines them, with ε outside the root) written out below in plain float64 —
 * independent of the code under test. Both engines must land on the same numbers to float32
 * rounding: the fused form (registry entry's `fused`) and the tfjs Optimizer (`build`).
 *
 * The values are chosen so that each rule difference this project once had shows far beyond
 * the tolerance: gradients of 1e-4 and 1e-6 (ε placement, adam's ε on v vs v̂, centered
 * rmsprop's NaN), a zero gradient, a gradient that shrinks (amsgrad, adadelta's old/new
 * accumulator), and decay large enough to change every step.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { defaults } from '../src/registry/entry.js';
import { optimizers } from '../src/registry/optimizers.js';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf;
});

type Params = Record<string, number | boolean>;
/** One optimizer's state over a parameter vector; `step` updates `w` in place. */
type Ref = (p: Params, n: number) => (w: number[], g: number[]) => void;

const n = (p: Params, k: string) => p[k] as number;
const zeros = (k: number) => new Array<number>(k).fill(0);

/** Keras 2: lr = learning_rate / (1 + decay * iterations), iterations counted before the step. */
function rate(p: Params): (it: number) => number {
  return (it) => n(p, 'learning_rate') / (1 + (n(p, 'decay') ?? 0) * it);
}

const REF: Record<string, Ref> = {
  sgd: (p, k) => {
    const v = zeros(k), mu = n(p, 'momentum');
    let it = 0;
    return (w, g) => {
      const lr = rate(p)(it++);
      for (let i = 0; i < k; i++) {
        v[i] = mu * v[i]! - lr * g[i]!;
        w[i] = p.nesterov ? w[i]! + mu * v[i]! - lr * g[i]! : w[i]! + v[i]!;
      }
    };
  },
  rmsprop: (p, k) => {
    const ms = zeros(k), mg = zeros(k), mom = zeros(k), rho = n(p, 'rho'), mu = n(p, 'momentum');
    let it = 0;
    return (w, g) => {
      const lr = rate(p)(it++);
      for (let i = 0; i < k; i++) {
        ms[i] = rho * ms[i]! + (1 - rho) * g[i]! ** 2;
        mg[i] = rho * mg[i]! + (1 - rho) * g[i]!;
        const d = p.centered ? Math.max(ms[i]! - mg[i]! ** 2, 0) : ms[i]!;
        const step = (lr * g[i]!) / (Math.sqrt(d) + n(p, 'epsilon'));
        mom[i] = mu * mom[i]! + step;
        w[i] = w[i]! - (mu > 0 ? mom[i]! : step);
      }
    };
  },
  adagrad: (p, k) => {
    const a = new Array<number>(k).fill(n(p, 'initial_accumulator_value'));
    let it = 0;
    return (w, g) => {
      const lr = rate(p)(it++);
      for (let i = 0; i < k; i++) {
        a[i] = a[i]! + g[i]! ** 2;
        w[i] = w[i]! - (lr * g[i]!) / (Math.sqrt(a[i]!) + n(p, 'epsilon'));
      }
    };
  },
  adadelta: (p, k) => {
    const a = zeros(k), d = zeros(k), rho = n(p, 'rho'), eps = n(p, 'epsilon');
    let it = 0;
    return (w, g) => {
      const lr = rate(p)(it++);
      for (let i = 0; i < k; i++) {
        a[i] = rho * a[i]! + (1 - rho) * g[i]! ** 2;
        const u = (g[i]! * Math.sqrt(d[i]! + eps)) / Math.sqrt(a[i]! + eps);
        w[i] = w[i]! - lr * u;
        d[i] = rho * d[i]! + (1 - rho) * u * u;
      }
    };
  },
  adam: (p, k) => {
    const m = zeros(k), v = zeros(k), vh = zeros(k), b1 = n(p, 'beta_1'), b2 = n(p, 'beta_2');
    let it = 0;
    return (w, g) => {
      const t = it + 1;
      const lrT = (rate(p)(it++) * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      for (let i = 0; i < k; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        vh[i] = Math.max(vh[i]!, v[i]!);
        w[i] = w[i]! - (lrT * m[i]!) / (Math.sqrt(p.amsgrad ? vh[i]! : v[i]!) + n(p, 'epsilon'));
      }
    };
  },
  adamax: (p, k) => {
    const m = zeros(k), u = zeros(k), b1 = n(p, 'beta_1'), b2 = n(p, 'beta_2');
    let it = 0;
    return (w, g) => {
      const t = it + 1;
      const lrT = rate(p)(it++) / (1 - b1 ** t);
      for (let i = 0; i < k; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!));
        w[i] = w[i]! - (lrT * m[i]!) / (u[i]! + n(p, 'epsilon'));
      }
    };
  },
  nadam: (p, k) => {
    const m = zeros(k), v = zeros(k), b1 = n(p, 'beta_1'), b2 = n(p, 'beta_2'), sd = n(p, 'schedule_decay');
    let t = 0, schedule = 1;
    return (w, g) => {
      t++;
      const ut = b1 * (1 - 0.5 * 0.96 ** (t * sd)), ut1 = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * sd));
      const sNew = schedule * ut, sNext = schedule * ut * ut1;
      schedule = sNew;
      for (let i = 0; i < k; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mBar = ((1 - ut) * g[i]!) / (1 - sNew) + (ut1 * m[i]!) / (1 - sNext);
        w[i] = w[i]! - (n(p, 'learning_rate') * mBar) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + n(p, 'epsilon'));
      }
    };
  },
};

const W0 = [0.5, -1.5, 0.02, 0, 3, -0.25].map(Math.fround);
const GRADS = [
  [0.3, -0.2, 1e-4, 1e-6, 0, 2.0],
  [0.25, 0.1, -2e-4, 1e-6, 0.5, 0.01],
  [-0.1, 0.05, 1e-4, -1e-6, 0.5, 0.001],
].map((g) => g.map(Math.fround));

/** Every optimizer with its options; non-default rates where the defaults would hide a term. */
const CASES: [string, Params][] = [
  ['sgd', {}], ['sgd', { learning_rate: 0.1, momentum: 0.9 }], ['sgd', { learning_rate: 0.1, momentum: 0.9, nesterov: true }],
  ['sgd', { learning_rate: 0.1, decay: 0.5 }], ['sgd', { learning_rate: 0.1, momentum: 0.9, nesterov: true, decay: 0.5 }],
  ['rmsprop', {}], ['rmsprop', { centered: true }], ['rmsprop', { momentum: 0.5 }],
  ['rmsprop', { centered: true, momentum: 0.5, decay: 0.5 }], ['rmsprop', { epsilon: 1e-3 }],
  ['adagrad', {}], ['adagrad', { initial_accumulator_value: 0.1, epsilon: 1e-3 }], ['adagrad', { decay: 0.5 }],
  ['adadelta', {}], ['adadelta', { rho: 0.5, decay: 0.5 }],
  ['adam', {}], ['adam', { amsgrad: true, beta_2: 0.5 }], ['adam', { decay: 0.5, epsilon: 1e-4 }],
  ['adamax', {}], ['adamax', { decay: 0.5 }],
  ['nadam', {}], ['nadam', { schedule_decay: 1 }],
];

const ulp32 = (x: number) => (x === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));

/** Float32 rounding: 4 ulps of the stored weight plus 1e-5 of the distance travelled. */
function expectClose(got: ArrayLike<number>, exp: number[], label: string): void {
  for (let i = 0; i < exp.length; i++) {
    const tol = 4 * ulp32(Math.max(Math.abs(W0[i]!), Math.abs(exp[i]!))) + 1e-5 * Math.abs(exp[i]! - W0[i]!);
    expect(Math.abs(got[i]! - exp[i]!), `${label}, weight ${i}: got ${got[i]}, Keras 2 gives ${exp[i]}`).toBeLessThanOrEqual(tol);
  }
}

describe('optimizers: three steps of Keras 2 rule, worked example', () => {
  it('covers every optimizer', () => {
    expect(new Set(CASES.map(([name]) => name))).toEqual(new Set(optimizers.names));
  });

  it.each(CASES.map(([name, given]) => [`${name} ${JSON.stringify(given)}`, name, given] as const))('%s', async (_label, name, given) => {
    const e = optimizers.get(name)!;
    const params = { type: name, ...defaults(e.params as TProperties, given) } as unknown as Params;
    const ref = REF[name]!(params, W0.length);
    const expected: number[][] = [];
    const w = [...W0];
    for (const g of GRADS) {
      ref(w, g);
      expected.push([...w]);
    }
    // the fused engine's form
    const fused = e.fused(params, W0.length, { backendEpsilon: 1e-7 });
    const fw = Float32Array.from(W0);
    GRADS.forEach((g, s) => {
      fused.step(fw, Float32Array.from(g));
      expectClose(fw, expected[s]!, `fused, step ${s + 1}`);
    });
    // the tfjs optimizer
    const variable = tf.variable(tf.tensor1d(W0), true, `worked_${name}_${Object.keys(given).join('_')}_${Math.random()}`);
    const opt = await e.build(tf, params);
    try {
      GRADS.forEach((g, s) => {
        const gt = tf.tensor1d(g);
        opt.applyGradients({ [variable.name]: gt });
        gt.dispose();
        expectClose(variable.dataSync(), expected[s]!, `tfjs, step ${s + 1}`);
      });
    } finally {
      opt.dispose();
      variable.dispose();
    }
  });
});
