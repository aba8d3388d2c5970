import { Type } from '@sinclair/typebox';
import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, eps, f32, keras2, lr, num, unit, type OptimizerEntry } from './common.js';

/** engine/keras2-rules.ts's Keras2RMSprop, op for op on float32 storage. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const rho = f32(num(p, 'rho')), orho = f32(1 - num(p, 'rho'));
  const mu = f32(num(p, 'momentum')), epsilon = f32(num(p, 'epsilon'));
  const centered = p.centered === true;
  const ms = new Float32Array(size), mo = new Float32Array(mu > 0 ? size : 0), mg = new Float32Array(centered ? size : 0);
  return {
    step(w, g) {
      const c = f32(rate());
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        let d = (ms[i] = f32(f32(ms[i]! * rho) + f32(f32(gi * gi) * orho)));
        if (centered) {
          const a = (mg[i] = f32(f32(mg[i]! * rho) + f32(gi * orho)));
          d = Math.max(f32(d - f32(a * a)), 0);
        }
        const s = f32(f32(gi * c) / f32(f32(Math.sqrt(d)) + epsilon));
        w[i] = w[i]! - (mu > 0 ? (mo[i] = f32(f32(mo[i]! * mu) + s)) : s);
      }
    },
  };
};

export const rmsprop: OptimizerEntry = {
  name: 'rmsprop',
  doc: 'divides the gradient by a running average of its magnitude',
  params: {
    learning_rate: lr(0.001),
    rho: unit(0.9, 'decay of the squared-gradient average'),
    momentum: Type.Number({ minimum: 0, default: 0, description: 'momentum (tf.keras; Keras 2 has none)' }),
    epsilon: eps(),
    centered: Type.Boolean({ default: false, description: 'normalise by the gradient variance (tf.keras; Keras 2 has none)' }),
    decay: decay(),
  },
  rule: 'ms = ρ·ms + (1−ρ)·g²; w −= lr·g / (√ms + ε). tf.keras options: centered uses √max(ms − mg², 0) with mg = ρ·mg + (1−ρ)·g; momentum > 0 keeps mom = momentum·mom + that step and subtracts mom',
  elsewhere: 'tf.keras 2.x: same defaults; with momentum > 0 ε moves inside the root, √(ms + ε). Keras 3: ε always inside, √(ms − mg² + ε)',
  build: (_tf, p) => keras2('Keras2RMSprop', p),
  fused,
};
