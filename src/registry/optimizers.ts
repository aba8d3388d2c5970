/**
 * Optimizers, by their Keras names and with Keras's parameter names and
 * defaults (Keras 2, the tutorial's era; see the README for the table).
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import { makeRegistry, type Entry } from './entry.js';
import type { FusedOptimizerFactory } from '../engine/fused/types.js';
import { f32 } from '../engine/fused/math.js';

export type OptimizerEntry = Entry<TProperties, Promise<TF.Optimizer>> & {
  /** The same update rule on typed arrays for the fused engine. */
  readonly fused?: FusedOptimizerFactory;
};

const lr = (d: number) =>
  Type.Number({ exclusiveMinimum: 0, default: d, description: 'step size' });
const unit = (d: number, description: string) =>
  Type.Number({ minimum: 0, exclusiveMaximum: 1, default: d, description });
const eps = () => Type.Number({ exclusiveMinimum: 0, default: 1e-7, description: 'numerical stability term' });

type P = Record<string, unknown>;
const num = (p: P, k: string) => p[k] as number;

/**
 * The fused forms: each update rule exactly as tfjs's optimizer (or
 * engine/nadam.ts) applies it, over one flat Float32Array of all parameters
 * (every rule is element-wise, so one vector equals tfjs's per-variable
 * updates). Scalars are float32 like tfjs's scalar tensors; state that tfjs
 * keeps in float32 variables (adam's beta powers) is rounded the same way.
 */
const O = {
  sgd: (p, size) => {
    const c = f32(-num(p, 'learning_rate'));
    const momentum = num(p, 'momentum');
    if (!(momentum > 0)) return { step(w, g) { for (let i = 0; i < size; i++) w[i] = f32(c * g[i]!) + w[i]!; } };
    const m = f32(momentum);
    const nesterov = p.nesterov === true;
    const acc = new Float32Array(size);
    return {
      step(w, g) {
        for (let i = 0; i < size; i++) {
          const a = (acc[i] = f32(m * acc[i]!) + g[i]!);
          w[i] = (nesterov ? f32(c * f32(g[i]! + f32(a * m))) : f32(c * a)) + w[i]!;
        }
      },
    };
  },
  rmsprop: (p, size) => {
    const lr = f32(num(p, 'learning_rate')), rho = f32(num(p, 'rho')), orho = f32(1 - num(p, 'rho'));
    const mom = f32(num(p, 'momentum')), eps = f32(num(p, 'epsilon'));
    const ms = new Float32Array(size), mo = new Float32Array(size);
    if (p.centered !== true) {
      return {
        step(w, g) {
          for (let i = 0; i < size; i++) {
            const gi = g[i]!;
            const s = (ms[i] = f32(ms[i]! * rho) + f32(f32(gi * gi) * orho));
            const m = (mo[i] = f32(mo[i]! * mom) + f32(f32(gi * lr) / f32(Math.sqrt(f32(s + eps)))));
            w[i] = w[i]! - m;
          }
        },
      };
    }
    // tfjs's centered rule: sqrt(ms - (mg^2 + epsilon))
    const mg = new Float32Array(size);
    return {
      step(w, g) {
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const s = (ms[i] = f32(ms[i]! * rho) + f32(f32(gi * gi) * orho));
          const a = (mg[i] = f32(mg[i]! * rho) + f32(gi * orho));
          const m = (mo[i] = f32(mo[i]! * mom) + f32(f32(gi * lr) / f32(Math.sqrt(f32(s - f32(f32(a * a) + eps))))));
          w[i] = w[i]! - m;
        }
      },
    };
  },
  adagrad: (p, size, ctx) => {
    const c = f32(-num(p, 'learning_rate')), eps = f32(ctx.backendEpsilon);
    const acc = new Float32Array(size).fill(num(p, 'initial_accumulator_value'));
    return {
      step(w, g) {
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const a = (acc[i] = acc[i]! + f32(gi * gi));
          w[i] = f32(f32(gi / f32(Math.sqrt(f32(a + eps)))) * c) + w[i]!;
        }
      },
    };
  },
  adadelta: (p, size) => {
    const c = f32(-num(p, 'learning_rate')), rho = f32(num(p, 'rho')), orho = f32(1 - num(p, 'rho')), eps = f32(num(p, 'epsilon'));
    const ag = new Float32Array(size), au = new Float32Array(size);
    return {
      step(w, g) {
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          // tfjs scales by the accumulated gradient from BEFORE this step's update
          const u = f32(f32(f32(Math.sqrt(f32(au[i]! + eps))) / f32(Math.sqrt(f32(ag[i]! + eps)))) * gi);
          ag[i] = f32(ag[i]! * rho) + f32(f32(gi * gi) * orho);
          au[i] = f32(au[i]! * rho) + f32(f32(u * u) * orho);
          w[i] = f32(u * c) + w[i]!;
        }
      },
    };
  },
  adam: (p, size) => {
    const c = f32(-num(p, 'learning_rate')), eps = f32(num(p, 'epsilon'));
    const b1 = f32(num(p, 'beta_1')), ob1 = f32(1 - num(p, 'beta_1'));
    const b2 = f32(num(p, 'beta_2')), ob2 = f32(1 - num(p, 'beta_2'));
    const m = new Float32Array(size), v = new Float32Array(size);
    let acc1 = b1, acc2 = b2;
    return {
      step(w, g) {
        const c1 = f32(1 - acc1), c2 = f32(1 - acc2);
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
          const vi = (v[i] = f32(v[i]! * b2) + f32(f32(gi * gi) * ob2));
          w[i] = f32(f32(f32(mi / c1) / f32(f32(Math.sqrt(f32(vi / c2))) + eps)) * c) + w[i]!;
        }
        acc1 = f32(acc1 * b1);
        acc2 = f32(acc2 * b2);
      },
    };
  },
  adamax: (p, size) => {
    const lr = f32(-num(p, 'learning_rate')), eps = f32(num(p, 'epsilon'));
    const b1 = f32(num(p, 'beta_1')), ob1 = f32(1 - num(p, 'beta_1')), b2 = f32(num(p, 'beta_2'));
    const m = new Float32Array(size), u = new Float32Array(size);
    let acc1 = b1;
    return {
      step(w, g) {
        const k = f32(lr / f32(1 - acc1));
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
          const ui = (u[i] = Math.max(f32(u[i]! * b2), Math.abs(gi)));
          w[i] = f32(k * f32(mi / f32(ui + eps))) + w[i]!;
        }
        acc1 = f32(acc1 * b1);
      },
    };
  },
  nadam: (p, size) => {
    // engine/nadam.ts's rule (Keras 2, schedule_decay 0.004); its scalar coefficients in float64
    const lr = num(p, 'learning_rate'), beta1 = num(p, 'beta_1'), beta2 = num(p, 'beta_2');
    const eps = f32(num(p, 'epsilon'));
    const b1 = f32(beta1), ob1 = f32(1 - beta1), b2 = f32(beta2), ob2 = f32(1 - beta2);
    const u = (t: number) => beta1 * (1 - 0.5 * Math.pow(0.96, t * NADAM_SCHEDULE_DECAY));
    const m = new Float32Array(size), v = new Float32Array(size);
    let t = 0;
    let schedule = 1;
    return {
      step(w, g) {
        t++;
        const uT = u(t), uT1 = u(t + 1);
        const sNew = schedule * uT, sNext = sNew * uT1;
        const cGrad = f32((lr * (1 - uT)) / (1 - sNew)), cMoment = f32((lr * uT1) / (1 - sNext));
        const vCorr = f32(1 - Math.pow(beta2, t));
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
          const vi = (v[i] = f32(v[i]! * b2) + f32(f32(gi * gi) * ob2));
          const step = f32(f32(gi * cGrad) + f32(mi * cMoment));
          w[i] = w[i]! - f32(step / f32(f32(Math.sqrt(f32(vi / vCorr))) + eps));
        }
        schedule = sNew;
      },
    };
  },
} satisfies Record<string, FusedOptimizerFactory>;

/** engine/nadam.ts's default (KERAS2_SCHEDULE_DECAY), restated so the registry does not load tfjs. */
const NADAM_SCHEDULE_DECAY = 0.004;

/**
 * tfjs 4.22's MomentumOptimizer.dispose() frees its momentum scalar and
 * accumulators but not the learning-rate scalar `c` it inherits from
 * SGDOptimizer: one tensor leaked per run. Free it too.
 */
function freeLearningRate(opt: TF.MomentumOptimizer): TF.MomentumOptimizer {
  const dispose = opt.dispose.bind(opt);
  opt.dispose = () => {
    dispose();
    (opt as unknown as { c?: TF.Tensor }).c?.dispose();
  };
  return opt;
}

export const optimizers = makeRegistry<OptimizerEntry>('optimizer', [
  {
    name: 'sgd',
    doc: 'stochastic gradient descent, optionally with (Nesterov) momentum',
    params: {
      learning_rate: lr(0.01),
      momentum: Type.Number({ minimum: 0, default: 0, description: 'velocity decay' }),
      nesterov: Type.Boolean({ default: false, description: 'Nesterov momentum' }),
    },
    build: async (tf, p) =>
      num(p, 'momentum') > 0
        ? freeLearningRate(tf.train.momentum(num(p, 'learning_rate'), num(p, 'momentum'), p.nesterov as boolean))
        : tf.train.sgd(num(p, 'learning_rate')),
    fused: O.sgd,
  },
  {
    name: 'rmsprop',
    doc: 'divides the gradient by a running average of its magnitude',
    params: {
      learning_rate: lr(0.001),
      rho: unit(0.9, 'decay of the squared-gradient average'),
      momentum: Type.Number({ minimum: 0, default: 0, description: 'momentum' }),
      epsilon: eps(),
      centered: Type.Boolean({ default: false, description: 'normalise by the gradient variance' }),
    },
    build: async (tf, p) =>
      tf.train.rmsprop(num(p, 'learning_rate'), num(p, 'rho'), num(p, 'momentum'), num(p, 'epsilon'), p.centered as boolean),
    fused: O.rmsprop,
  },
  {
    name: 'adagrad',
    doc: 'per-parameter rates scaled by accumulated squared gradients',
    params: {
      learning_rate: lr(0.01),
      initial_accumulator_value: Type.Number({ exclusiveMinimum: 0, default: 0.1, description: 'starting accumulator' }),
    },
    build: async (tf, p) => tf.train.adagrad(num(p, 'learning_rate'), num(p, 'initial_accumulator_value')),
    fused: O.adagrad,
  },
  {
    name: 'adadelta',
    doc: 'adagrad with a decaying window; learning_rate 1.0 as in Keras 2',
    params: { learning_rate: lr(1.0), rho: unit(0.95, 'decay rate'), epsilon: eps() },
    build: async (tf, p) => tf.train.adadelta(num(p, 'learning_rate'), num(p, 'rho'), num(p, 'epsilon')),
    fused: O.adadelta,
  },
  {
    name: 'adam',
    doc: 'adaptive moment estimation (Kingma & Ba 2014)',
    params: {
      learning_rate: lr(0.001),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'second-moment decay'),
      epsilon: eps(),
    },
    build: async (tf, p) =>
      tf.train.adam(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon')),
    fused: O.adam,
  },
  {
    name: 'adamax',
    doc: 'adam with the infinity norm',
    params: {
      learning_rate: lr(0.002),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'infinity-norm decay'),
      epsilon: eps(),
    },
    build: async (tf, p) =>
      tf.train.adamax(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon'), 0),
    fused: O.adamax,
  },
  {
    name: 'nadam',
    doc: 'adam with Nesterov momentum (Keras rule; tfjs has none, trainspec implements it)',
    params: {
      learning_rate: lr(0.002),
      beta_1: unit(0.9, 'first-moment decay'),
      beta_2: unit(0.999, 'second-moment decay'),
      epsilon: eps(),
    },
    build: async (_tf, p) => {
      const { Nadam } = await import('../engine/nadam.js');
      return new Nadam(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon'));
    },
    fused: O.nadam,
  },
]);
