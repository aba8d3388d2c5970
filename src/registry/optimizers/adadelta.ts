import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, eps, f32, keras2, lr, num, unit, type OptimizerEntry } from './common.js';

/** engine/keras2-rules.ts's Keras2Adadelta, op for op on float32 storage. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const rho = f32(num(p, 'rho')), orho = f32(1 - num(p, 'rho')), epsilon = f32(num(p, 'epsilon'));
  const ag = new Float32Array(size), au = new Float32Array(size);
  return {
    step(w, g) {
      const c = f32(rate());
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        const a = (ag[i] = f32(f32(ag[i]! * rho) + f32(f32(gi * gi) * orho)));
        // the NEW gradient average, the OLD update average (tfjs uses the old gradient average)
        const u = f32(f32(gi * f32(Math.sqrt(f32(au[i]! + epsilon)))) / f32(Math.sqrt(f32(a + epsilon))));
        w[i] = w[i]! - f32(u * c);
        au[i] = f32(au[i]! * rho) + f32(f32(u * u) * orho);
      }
    },
  };
};

export const adadelta: OptimizerEntry = {
  name: 'adadelta',
  doc: 'adagrad with a decaying window of gradients and of updates',
  params: { learning_rate: lr(1.0), rho: unit(0.95, 'decay rate'), epsilon: eps(), decay: decay() },
  rule: 'a = ρ·a + (1−ρ)·g²; u = g·√(d + ε) / √(a + ε); w −= lr·u; d = ρ·d + (1−ρ)·u²',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule with learning_rate 0.001 (set 1.0 for the paper\'s and Keras 2\'s)',
  build: (_tf, p) => keras2('Keras2Adadelta', p),
  fused,
};
