/**
 * nadam: adam with Nesterov momentum and Dozat's (2015) momentum schedule, Keras 2's rule. tfjs
 * has no nadam: the tfjs rule below is trainspec's. The schedule (u_t, its running product Π_t,
 * the step's coefficients) is stated once, in `scalars`, for the tfjs rule, the fused form and
 * the saved-state replay alike; `reference` writes it out again, plainly, for the tests.
 */
import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { eps, f32, lr, optimizer, unit, zeros } from './common.js';
import { tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.002),
  beta_1: unit(0.9, 'first-moment decay'),
  beta_2: unit(0.999, 'second-moment decay'),
  epsilon: eps(),
  schedule_decay: Type.Number({ minimum: 0, default: 0.004, description: 'momentum schedule: u_t = β₁(1 − ½·0.96^(t·schedule_decay)); Keras 2 Nadam has this in place of `decay`' }),
};
type P = Params<typeof params>;

interface Scalars {
  /** Π_t = u_1 ⋯ u_t (Keras 3: `_u_product`; tf.keras 2.x: `momentum_cache`), shared by all weights. */
  schedule: number;
  /** lr·m̄ = g·cGrad + m·cMoment */
  cGrad: number;
  cMoment: number;
  /** 1 − β₂ᵗ */
  vCorr: number;
}

/** Step t's coefficients in float64, from Π_{t−1} (1 before the first step). */
function scalars(p: P, lrate: number, t: number, previous: number): Scalars {
  const u = (s: number) => p.beta_1 * (1 - 0.5 * Math.pow(0.96, s * p.schedule_decay));
  const uT = u(t), uT1 = u(t + 1);
  const schedule = previous * uT, next = schedule * uT1;
  return { schedule, cGrad: (lrate * (1 - uT)) / (1 - schedule), cMoment: (lrate * uT1) / (1 - next), vCorr: 1 - Math.pow(p.beta_2, t) };
}

/** m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= (g cGrad + m cMoment) / (sqrt(v / (1 - b2^t)) + eps). */
const tfjs: TfjsRule<P, Scalars> = {
  className: 'Nadam',
  slots: () => ['m', 'v'],
  begin: (p, { lr, t }, previous) => scalars(p, lr, t, previous?.schedule ?? 1),
  update(tf, w, g, s, p, k) {
    const b1 = p.beta_1, b2 = p.beta_2;
    const m = tf.add(tf.mul(s[0]!, b1), tf.mul(g, 1 - b1));
    const v = tf.add(tf.mul(s[1]!, b2), tf.mul(tf.square(g), 1 - b2));
    s[0]!.assign(m);
    s[1]!.assign(v);
    const lrMBar = tf.add(tf.mul(g, k.cGrad), tf.mul(m, k.cMoment));
    const denom = tf.add(tf.sqrt(tf.div(v, k.vCorr)), p.epsilon);
    w.assign(tf.sub(w, tf.div(lrMBar, denom)));
  },
};

export const nadam = optimizer({
  name: 'nadam',
  doc: 'adam with Nesterov momentum (Keras 2 rule; tfjs has none, trainspec implements it)',
  params,
  rule: 'u_t = β₁(1 − ½·0.96^(t·schedule_decay)), Π_t = Π_{t−1}·u_t; m, v as adam; w −= lr·((1−u_t)·g/(1−Π_t) + u_{t+1}·m/(1−Π_t·u_{t+1})) / (√(v/(1−β₂ᵗ)) + ε)',
  elsewhere: 'tf.keras ≤ 2.10: learning_rate 0.001, its `decay` is this schedule_decay. Keras 3 and tf.keras ≥ 2.11: learning_rate 0.001 and 0.96^t (schedule_decay 1)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** The tfjs rule above on float32 storage; its scalar coefficients in float64. */
  fused(p, size) {
    const epsilon = f32(p.epsilon);
    const b1 = f32(p.beta_1), ob1 = f32(1 - p.beta_1), b2 = f32(p.beta_2), ob2 = f32(1 - p.beta_2);
    const m = new Float32Array(size), v = new Float32Array(size);
    let t = 0, schedule = 1;
    return {
      step(w, g) {
        const k = scalars(p, p.learning_rate, ++t, schedule);
        const cGrad = f32(k.cGrad), cMoment = f32(k.cMoment), vCorr = f32(k.vCorr);
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
          const vi = (v[i] = f32(v[i]! * b2) + f32(f32(gi * gi) * ob2));
          const step = f32(f32(gi * cGrad) + f32(mi * cMoment));
          w[i] = w[i]! - f32(step / f32(f32(Math.sqrt(f32(vi / vCorr))) + epsilon));
        }
        schedule = k.schedule;
      },
    };
  },
  reference(p, n) {
    const m = zeros(n), v = zeros(n), b1 = p.beta_1, b2 = p.beta_2, sd = p.schedule_decay;
    let t = 0, schedule = 1;
    return (w, g) => {
      t++;
      const ut = b1 * (1 - 0.5 * 0.96 ** (t * sd)), ut1 = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * sd));
      const sNew = schedule * ut, sNext = schedule * ut * ut1;
      schedule = sNew;
      for (let i = 0; i < n; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mBar = ((1 - ut) * g[i]!) / (1 - sNew) + (ut1 * m[i]!) / (1 - sNext);
        w[i] = w[i]! - (p.learning_rate * mBar) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + p.epsilon);
      }
    };
  },
  examples: [{ schedule_decay: 1 }],
});
