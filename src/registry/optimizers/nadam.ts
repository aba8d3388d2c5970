import type { FusedOptimizerFactory } from '../fused/types.js';
import { eps, f32, lr, num, unit, type OptimizerEntry } from './common.js';
import { Type } from '@sinclair/typebox';

/** engine/nadam.ts's rule; its scalar coefficients in float64. */
const fused: FusedOptimizerFactory = (p, size) => {
  const lrate = num(p, 'learning_rate'), beta1 = num(p, 'beta_1'), beta2 = num(p, 'beta_2');
  const scheduleDecay = num(p, 'schedule_decay');
  const epsilon = f32(num(p, 'epsilon'));
  const b1 = f32(beta1), ob1 = f32(1 - beta1), b2 = f32(beta2), ob2 = f32(1 - beta2);
  const u = (t: number) => beta1 * (1 - 0.5 * Math.pow(0.96, t * scheduleDecay));
  const m = new Float32Array(size), v = new Float32Array(size);
  let t = 0;
  let schedule = 1;
  return {
    step(w, g) {
      t++;
      const uT = u(t), uT1 = u(t + 1);
      const sNew = schedule * uT, sNext = sNew * uT1;
      const cGrad = f32((lrate * (1 - uT)) / (1 - sNew)), cMoment = f32((lrate * uT1) / (1 - sNext));
      const vCorr = f32(1 - Math.pow(beta2, t));
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
        const vi = (v[i] = f32(v[i]! * b2) + f32(f32(gi * gi) * ob2));
        const step = f32(f32(gi * cGrad) + f32(mi * cMoment));
        w[i] = w[i]! - f32(step / f32(f32(Math.sqrt(f32(vi / vCorr))) + epsilon));
      }
      schedule = sNew;
    },
  };
};

export const nadam: OptimizerEntry = {
  name: 'nadam',
  doc: 'adam with Nesterov momentum (Keras 2 rule; tfjs has none, trainspec implements it)',
  params: {
    learning_rate: lr(0.002),
    beta_1: unit(0.9, 'first-moment decay'),
    beta_2: unit(0.999, 'second-moment decay'),
    epsilon: eps(),
    schedule_decay: Type.Number({ minimum: 0, default: 0.004, description: 'momentum schedule: u_t = β₁(1 − ½·0.96^(t·schedule_decay)); Keras 2 Nadam has this in place of `decay`' }),
  },
  rule: 'u_t = β₁(1 − ½·0.96^(t·schedule_decay)), Π_t = Π_{t−1}·u_t; m, v as adam; w −= lr·((1−u_t)·g/(1−Π_t) + u_{t+1}·m/(1−Π_t·u_{t+1})) / (√(v/(1−β₂ᵗ)) + ε)',
  elsewhere: 'tf.keras ≤ 2.10: learning_rate 0.001, its `decay` is this schedule_decay. Keras 3 and tf.keras ≥ 2.11: learning_rate 0.001 and 0.96^t (schedule_decay 1)',
  build: async (_tf, p) => {
    const { Nadam } = await import('../../engine/nadam.js');
    return new Nadam(num(p, 'learning_rate'), num(p, 'beta_1'), num(p, 'beta_2'), num(p, 'epsilon'), num(p, 'schedule_decay'));
  },
  fused,
};
