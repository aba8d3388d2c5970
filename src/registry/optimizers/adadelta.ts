/** adadelta: Keras 2's rule, which divides by the NEW gradient average (tfjs: the old one). */
import type { Params } from '../entry.js';
import { decay, decayedRate, eps, f32, lr, optimizer, unit, zeros } from './common.js';
import { stepOnly, tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = { learning_rate: lr(1.0), rho: unit(0.95, 'decay rate'), epsilon: eps(), decay: decay() };
type P = Params<typeof params>;

/** a = rho a + (1-rho) g^2; u = g sqrt(d + eps) / sqrt(a + eps) (the NEW a, the old d); w -= lr u; d = rho d + (1-rho) u^2. */
const tfjs: TfjsRule<P> = {
  className: 'trainspec.Adadelta',
  slots: () => ['accum_grad', 'accum_var'],
  begin: stepOnly,
  update(tf, w, g, s, p, { lr }) {
    const rho = p.rho, eps = p.epsilon;
    const a = tf.add(tf.mul(s[0]!, rho), tf.mul(tf.square(g), 1 - rho));
    s[0]!.assign(a);
    const u = tf.div(tf.mul(g, tf.sqrt(tf.add(s[1]!, eps))), tf.sqrt(tf.add(a, eps)));
    w.assign(tf.sub(w, tf.mul(u, lr)));
    s[1]!.assign(tf.add(tf.mul(s[1]!, rho), tf.mul(tf.square(u), 1 - rho)));
  },
};

export const adadelta = optimizer({
  name: 'adadelta',
  doc: 'adagrad with a decaying window of gradients and of updates',
  params,
  rule: 'a = ρ·a + (1−ρ)·g²; u = g·√(d + ε) / √(a + ε); w −= lr·u; d = ρ·d + (1−ρ)·u²',
  elsewhere: 'tf.keras 2.x and Keras 3: the same rule with learning_rate 0.001 (set 1.0 for the paper\'s and Keras 2\'s)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** The tfjs rule above, op for op on float32 storage. */
  fused(p, size) {
    const rate = decayedRate(p);
    const rho = f32(p.rho), orho = f32(1 - p.rho), epsilon = f32(p.epsilon);
    const ag = new Float32Array(size), au = new Float32Array(size);
    return {
      step(w, g) {
        const c = f32(rate());
        for (let i = 0; i < size; i++) {
          const gi = g[i]!;
          const a = (ag[i] = f32(f32(ag[i]! * rho) + f32(f32(gi * gi) * orho)));
          const u = f32(f32(gi * f32(Math.sqrt(f32(au[i]! + epsilon)))) / f32(Math.sqrt(f32(a + epsilon))));
          w[i] = w[i]! - f32(u * c);
          au[i] = f32(au[i]! * rho) + f32(f32(u * u) * orho);
        }
      },
    };
  },
  reference(p, n) {
    const a = zeros(n), d = zeros(n), rho = p.rho, eps = p.epsilon;
    let it = 0;
    return (w, g) => {
      const lr = p.learning_rate / (1 + p.decay * it++);
      for (let i = 0; i < n; i++) {
        a[i] = rho * a[i]! + (1 - rho) * g[i]! ** 2;
        const u = (g[i]! * Math.sqrt(d[i]! + eps)) / Math.sqrt(a[i]! + eps);
        w[i] = w[i]! - lr * u;
        d[i] = rho * d[i]! + (1 - rho) * u * u;
      }
    };
  },
  examples: [{ rho: 0.5, decay: 0.5 }],
});
