import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, eps, f32, keras2, lr, num, unit, type OptimizerEntry } from './common.js';

/** Keras 2's rule on float32 storage; β₁ᵗ is kept as a float32 running product, as tfjs keeps it. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const epsilon = f32(num(p, 'epsilon'));
  const b1 = f32(num(p, 'beta_1')), ob1 = f32(1 - num(p, 'beta_1')), b2 = f32(num(p, 'beta_2'));
  const m = new Float32Array(size), u = new Float32Array(size);
  let acc1 = b1;
  return {
    step(w, g) {
      const k = f32(f32(-rate()) / f32(1 - acc1));
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        const mi = (m[i] = f32(m[i]! * b1) + f32(gi * ob1));
        const ui = (u[i] = Math.max(f32(u[i]! * b2), Math.abs(gi)));
        w[i] = f32(k * f32(mi / f32(ui + epsilon))) + w[i]!;
      }
      acc1 = f32(acc1 * b1);
    },
  };
};

export const adamax: OptimizerEntry = {
  name: 'adamax',
  doc: 'adam with the infinity norm',
  params: {
    learning_rate: lr(0.002),
    beta_1: unit(0.9, 'first-moment decay'),
    beta_2: unit(0.999, 'infinity-norm decay'),
    epsilon: eps(),
    decay: decay(),
  },
  rule: 'm = β₁·m + (1−β₁)·g; u = max(β₂·u, |g|); w −= lr/(1−β₁ᵗ) · m / (u + ε)',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule with learning_rate 0.001',
  build: (_tf, p) => keras2('Keras2Adamax', p),
  fused,
};
