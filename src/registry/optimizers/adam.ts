import { Type } from '@sinclair/typebox';
import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, eps, f32, keras2, lr, num, unit, type OptimizerEntry } from './common.js';

/** engine/keras2-rules.ts's Keras2Adam, op for op on float32 storage. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const beta1 = num(p, 'beta_1'), beta2 = num(p, 'beta_2');
  const b1 = f32(beta1), ob1 = f32(1 - beta1), b2 = f32(beta2), ob2 = f32(1 - beta2), epsilon = f32(num(p, 'epsilon'));
  const m = new Float32Array(size), v = new Float32Array(size), vh = new Float32Array(p.amsgrad === true ? size : 0);
  const amsgrad = p.amsgrad === true;
  let t = 0;
  return {
    step(w, g) {
      t++;
      const c = f32((rate() * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t)));
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        const mi = (m[i] = f32(f32(m[i]! * b1) + f32(gi * ob1)));
        let vi = (v[i] = f32(f32(v[i]! * b2) + f32(f32(gi * gi) * ob2)));
        if (amsgrad) vi = vh[i] = Math.max(vh[i]!, vi);
        w[i] = w[i]! - f32(f32(mi * c) / f32(f32(Math.sqrt(vi)) + epsilon));
      }
    },
  };
};

export const adam: OptimizerEntry = {
  name: 'adam',
  doc: 'adaptive moment estimation (Kingma & Ba 2014), optionally AMSGrad',
  params: {
    learning_rate: lr(0.001),
    beta_1: unit(0.9, 'first-moment decay'),
    beta_2: unit(0.999, 'second-moment decay'),
    epsilon: eps(),
    amsgrad: Type.Boolean({ default: false, description: 'AMSGrad: divide by the largest v so far' }),
    decay: decay(),
  },
  rule: 'm = β₁·m + (1−β₁)·g; v = β₂·v + (1−β₂)·g²; w −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε) (amsgrad: v̂ = max(v̂, v) in place of v)',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule and defaults (tfjs applies ε to the bias-corrected v instead)',
  build: (_tf, p) => keras2('Keras2Adam', p),
  fused,
};
