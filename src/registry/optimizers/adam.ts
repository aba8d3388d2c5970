/** adam: Keras 2's rule (ε on the raw v, bias corrections folded into the rate), optionally AMSGrad. */
import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { decay, decayedRate, eps, f32, lr, optimizer, unit, zeros } from './common.js';
import { tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.001),
  beta_1: unit(0.9, 'first-moment decay'),
  beta_2: unit(0.999, 'second-moment decay'),
  epsilon: eps(),
  amsgrad: Type.Boolean({ default: false, description: 'AMSGrad: divide by the largest v so far' }),
  decay: decay(),
};
type P = Params<typeof params>;

/** m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; amsgrad: vh = max(vh, v), used for v; w -= lr_t m / (sqrt(v) + eps). */
const tfjs: TfjsRule<P, number> = {
  className: 'trainspec.Adam',
  slots: (p) => ['m', 'v', ...(p.amsgrad ? ['vhat'] : [])],
  /** lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) */
  begin: (p, { lr, t }) => (lr * Math.sqrt(1 - Math.pow(p.beta_2, t))) / (1 - Math.pow(p.beta_1, t)),
  update(tf, w, g, s, p, lrT) {
    const b1 = p.beta_1, b2 = p.beta_2;
    const m = tf.add(tf.mul(s[0]!, b1), tf.mul(g, 1 - b1));
    let v = tf.add(tf.mul(s[1]!, b2), tf.mul(tf.square(g), 1 - b2));
    s[0]!.assign(m);
    s[1]!.assign(v);
    if (p.amsgrad) {
      v = tf.maximum(s[2]!, v);
      s[2]!.assign(v);
    }
    w.assign(tf.sub(w, tf.div(tf.mul(m, lrT), tf.add(tf.sqrt(v), p.epsilon))));
  },
};

export const adam = optimizer({
  name: 'adam',
  doc: 'adaptive moment estimation (Kingma & Ba 2014), optionally AMSGrad',
  params,
  rule: 'm = β₁·m + (1−β₁)·g; v = β₂·v + (1−β₂)·g²; w −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε) (amsgrad: v̂ = max(v̂, v) in place of v)',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule and defaults (tfjs applies ε to the bias-corrected v instead)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /**
   * The tfjs rule above, op for op on float32 storage; with ctx.wasm, the same float32 operations
   * in kernels/adam.ts (f32x4) on moments that stay in the kernels' memory: bit for bit this loop.
   */
  fused(p, size, ctx) {
    const rate = decayedRate(p);
    const beta1 = p.beta_1, beta2 = p.beta_2, amsgrad = p.amsgrad;
    const b1 = f32(beta1), ob1 = f32(1 - beta1), b2 = f32(beta2), ob2 = f32(1 - beta2), epsilon = f32(p.epsilon);
    const k = ctx.wasm?.kernels;
    const [m, v, vh] = ctx.wasm?.state ?? [new Float32Array(size), new Float32Array(size), new Float32Array(amsgrad ? size : 0)];
    let t = 0;
    return {
      step(w, g) {
        t++;
        const c = f32((rate() * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t)));
        if (k) {
          k.adam_step(w.byteOffset, g.byteOffset, m!.byteOffset, v!.byteOffset, amsgrad ? vh!.byteOffset : 0, size, b1, ob1, b2, ob2, c, epsilon);
          return;
        }
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const mi = (m![i] = f32(f32(m![i]! * b1) + f32(gi * ob1)));
          let vi = (v![i] = f32(f32(v![i]! * b2) + f32(f32(gi * gi) * ob2)));
          if (amsgrad) vi = vh![i] = Math.max(vh![i]!, vi);
          w[i] = w[i]! - f32(f32(mi * c) / f32(f32(Math.sqrt(vi)) + epsilon));
        }
      },
    };
  },
  fusedSlots: (p) => (p.amsgrad ? 3 : 2),
  reference(p, n) {
    const m = zeros(n), v = zeros(n), vh = zeros(n), b1 = p.beta_1, b2 = p.beta_2;
    let it = 0;
    return (w, g) => {
      const t = it + 1;
      const lrT = ((p.learning_rate / (1 + p.decay * it++)) * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      for (let i = 0; i < n; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        vh[i] = Math.max(vh[i]!, v[i]!);
        w[i] = w[i]! - (lrT * m[i]!) / (Math.sqrt(p.amsgrad ? vh[i]! : v[i]!) + p.epsilon);
      }
    };
  },
  examples: [{ amsgrad: true, beta_2: 0.5 }, { decay: 0.5, epsilon: 1e-4 }],
});
