/** sgd: Keras 2's velocity form, for tfjs, the fused engine, and in float64 for the tests. */
import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { decay, decayedRate, f32, lr, optimizer, zeros } from './common.js';
import { stepOnly, tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.01),
  momentum: Type.Number({ minimum: 0, default: 0, description: 'velocity decay' }),
  nesterov: Type.Boolean({ default: false, description: 'Nesterov momentum' }),
  decay: decay(),
};
type P = Params<typeof params>;

/** v = momentum v - lr g; w += v (Nesterov: w += momentum v - lr g); momentum 0: w -= lr g. */
const tfjs: TfjsRule<P> = {
  className: 'trainspec.SGD',
  slots: (p) => (p.momentum > 0 ? ['momentum'] : []),
  begin: stepOnly,
  update(tf, w, g, s, p, { lr }) {
    const mu = p.momentum;
    if (!(mu > 0)) { w.assign(tf.sub(w, tf.mul(g, lr))); return; }
    const v = tf.sub(tf.mul(s[0]!, mu), tf.mul(g, lr));
    s[0]!.assign(v);
    w.assign(tf.add(w, p.nesterov ? tf.sub(tf.mul(v, mu), tf.mul(g, lr)) : v));
  },
};

export const sgd = optimizer({
  name: 'sgd',
  doc: 'stochastic gradient descent, optionally with (Nesterov) momentum',
  params,
  rule: 'v = momentum·v − lr·g; w += v (nesterov: w += momentum·v − lr·g)',
  elsewhere: 'same rule and defaults in tf.keras 2.x and Keras 3 (Keras 3 has no `decay`: it takes schedules)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** The learning rate is inside v, so a decaying rate decays v's new part only. */
  fused(p, size) {
    const rate = decayedRate(p);
    const mu = f32(p.momentum);
    if (!(mu > 0)) {
      return {
        step(w, g) {
          const c = f32(-rate());
          for (let i = 0; i < size; i++) w[i] = f32(c * g[i]!) + w[i]!;
        },
      };
    }
    const vel = new Float32Array(size), nesterov = p.nesterov;
    return {
      step(w, g) {
        const c = f32(rate());
        for (let i = 0; i < size; i++) {
          const lg = f32(g[i]! * c);
          const v = (vel[i] = f32(f32(vel[i]! * mu) - lg));
          w[i] = w[i]! + (nesterov ? f32(f32(v * mu) - lg) : v);
        }
      },
    };
  },
  reference(p, n) {
    const v = zeros(n);
    let it = 0;
    return (w, g) => {
      const lr = p.learning_rate / (1 + p.decay * it++);
      for (let i = 0; i < n; i++) {
        v[i] = p.momentum * v[i]! - lr * g[i]!;
        w[i] = p.nesterov ? w[i]! + p.momentum * v[i]! - lr * g[i]! : w[i]! + v[i]!;
      }
    };
  },
  examples: [
    { learning_rate: 0.1, momentum: 0.9 }, { learning_rate: 0.1, momentum: 0.9, nesterov: true },
    { learning_rate: 0.1, decay: 0.5 }, { learning_rate: 0.1, momentum: 0.9, nesterov: true, decay: 0.5 },
  ],
});
