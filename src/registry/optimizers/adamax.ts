/** adamax: adam with the infinity norm, Keras 2's rule. */
import type { Params } from '../entry.js';
import { decay, decayedRate, eps, f32, lr, optimizer, unit, zeros } from './common.js';
import { tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.002),
  beta_1: unit(0.9, 'first-moment decay'),
  beta_2: unit(0.999, 'infinity-norm decay'),
  epsilon: eps(),
  decay: decay(),
};
type P = Params<typeof params>;

/** m = b1 m + (1-b1) g; u = max(b2 u, |g|); w -= lr / (1 - b1^t) * m / (u + eps). */
const tfjs: TfjsRule<P, number> = {
  className: 'trainspec.Adamax',
  slots: () => ['m', 'u'],
  begin: (p, { lr, t }) => lr / (1 - Math.pow(p.beta_1, t)),
  update(tf, w, g, s, p, lrT) {
    const b1 = p.beta_1;
    const m = tf.add(tf.mul(s[0]!, b1), tf.mul(g, 1 - b1));
    const u = tf.maximum(tf.mul(s[1]!, p.beta_2), tf.abs(g));
    s[0]!.assign(m);
    s[1]!.assign(u);
    w.assign(tf.sub(w, tf.div(tf.mul(m, lrT), tf.add(u, p.epsilon))));
  },
};

export const adamax = optimizer({
  name: 'adamax',
  doc: 'adam with the infinity norm',
  params,
  rule: 'm = β₁·m + (1−β₁)·g; u = max(β₂·u, |g|); w −= lr/(1−β₁ᵗ) · m / (u + ε)',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule with learning_rate 0.001',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** Keras 2's rule on float32 storage; β₁ᵗ is kept as a float32 running product, as tfjs keeps it. */
  fused(p, size) {
    const rate = decayedRate(p);
    const epsilon = f32(p.epsilon);
    const b1 = f32(p.beta_1), ob1 = f32(1 - p.beta_1), b2 = f32(p.beta_2);
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
  },
  reference(p, n) {
    const m = zeros(n), u = zeros(n), b1 = p.beta_1, b2 = p.beta_2;
    let it = 0;
    return (w, g) => {
      const t = it + 1;
      const lrT = p.learning_rate / (1 + p.decay * it++) / (1 - b1 ** t);
      for (let i = 0; i < n; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!));
        w[i] = w[i]! - (lrT * m[i]!) / (u[i]! + p.epsilon);
      }
    };
  },
  examples: [{ decay: 0.5 }],
});
