/** adagrad: Keras 2's rule (accumulator from 0, ε outside the root). */
import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { decay, decayedRate, eps, f32, lr, optimizer } from './common.js';
import { stepOnly, tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.01),
  initial_accumulator_value: Type.Number({ minimum: 0, default: 0, description: 'starting accumulator (Keras 2: 0; tf.keras, Keras 3: 0.1)' }),
  epsilon: eps(),
  decay: decay(),
};
type P = Params<typeof params>;

/** a += g^2 (a starts at initial_accumulator_value, Keras 2: 0); w -= lr g / (sqrt(a) + eps). */
const tfjs: TfjsRule<P> = {
  className: 'trainspec.Adagrad',
  slots: () => ['accumulator'],
  slotStart: (p) => p.initial_accumulator_value,
  begin: stepOnly,
  update(tf, w, g, s, p, { lr }) {
    const a = tf.add(s[0]!, tf.square(g));
    s[0]!.assign(a);
    w.assign(tf.sub(w, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(a), p.epsilon))));
  },
};

export const adagrad = optimizer({
  name: 'adagrad',
  doc: 'per-parameter rates scaled by accumulated squared gradients',
  params,
  rule: 'a += g² (a starts at 0); w −= lr·g / (√a + ε)',
  elsewhere: 'tf.keras 2.x: learning_rate 0.001, initial_accumulator_value 0.1 (Keras 2 has no such parameter: it starts at 0). Keras 3: the same, and ε inside the root, √(a + ε)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** The tfjs rule above, op for op on float32 storage. */
  fused(p, size) {
    const rate = decayedRate(p);
    const epsilon = f32(p.epsilon);
    const acc = new Float32Array(size).fill(p.initial_accumulator_value);
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
  },
  reference(p, n) {
    const a = new Array<number>(n).fill(p.initial_accumulator_value);
    let it = 0;
    return (w, g) => {
      const lr = p.learning_rate / (1 + p.decay * it++);
      for (let i = 0; i < n; i++) {
        a[i] = a[i]! + g[i]! ** 2;
        w[i] = w[i]! - (lr * g[i]!) / (Math.sqrt(a[i]!) + p.epsilon);
      }
    };
  },
  examples: [{ initial_accumulator_value: 0.1, epsilon: 1e-3 }, { decay: 0.5 }],
});
