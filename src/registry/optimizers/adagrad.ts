import { Type } from '@sinclair/typebox';
import type { FusedOptimizerFactory } from '../fused/types.js';
import { decay, decayedRate, eps, f32, keras2, lr, num, type OptimizerEntry } from './common.js';

/** engine/keras2-rules.ts's Keras2Adagrad, op for op on float32 storage. */
const fused: FusedOptimizerFactory = (p, size) => {
  const rate = decayedRate(p);
  const epsilon = f32(num(p, 'epsilon'));
  const acc = new Float32Array(size).fill(num(p, 'initial_accumulator_value'));
  return {
    step(w, g) {
      const c = f32(rate());
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        const a = (acc[i] = f32(acc[i]! + f32(gi * gi)));
        w[i] = w[i]! - f32(f32(gi * c) / f32(f32(Math.sqrt(a)) + epsilon));
      }
    },
  };
};

export const adagrad: OptimizerEntry = {
  name: 'adagrad',
  doc: 'per-parameter rates scaled by accumulated squared gradients',
  params: {
    learning_rate: lr(0.01),
    initial_accumulator_value: Type.Number({ minimum: 0, default: 0, description: 'starting accumulator (Keras 2: 0; tf.keras, Keras 3: 0.1)' }),
    epsilon: eps(),
    decay: decay(),
  },
  rule: 'a += g² (a starts at 0); w −= lr·g / (√a + ε)',
  elsewhere: 'tf.keras 2.x: learning_rate 0.001, initial_accumulator_value 0.1 (Keras 2 has no such parameter: it starts at 0). Keras 3: the same, and ε inside the root, √(a + ε)',
  build: (_tf, p) => keras2('Keras2Adagrad', p),
  fused,
};
