/** rmsprop: Keras 2's rule with tf.keras's momentum and centered options, ε outside the root. */
import { Type } from '@sinclair/typebox';
import type { Params } from '../entry.js';
import { decay, decayedRate, eps, f32, lr, optimizer, unit, zeros } from './common.js';
import { stepOnly, tfjsOptimizer, type TfjsRule } from './tfjs-rule.js';

const params = {
  learning_rate: lr(0.001),
  rho: unit(0.9, 'decay of the squared-gradient average'),
  momentum: Type.Number({ minimum: 0, default: 0, description: 'momentum (tf.keras; Keras 2 has none)' }),
  epsilon: eps(),
  centered: Type.Boolean({ default: false, description: 'normalise by the gradient variance (tf.keras; Keras 2 has none)' }),
  decay: decay(),
};
type P = Params<typeof params>;

/**
 * ms = rho ms + (1-rho) g^2; centered: mg = rho mg + (1-rho) g, d = max(ms - mg^2, 0), else d = ms;
 * step = lr g / (sqrt(d) + eps); momentum > 0: mom = momentum mom + step, w -= mom; else w -= step.
 */
const tfjs: TfjsRule<P> = {
  className: 'trainspec.RMSprop',
  slots: (p) => ['rms', ...(p.momentum > 0 ? ['momentum'] : []), ...(p.centered ? ['mg'] : [])],
  begin: stepOnly,
  update(tf, w, g, s, p, { lr }) {
    const rho = p.rho, mu = p.momentum;
    const ms = tf.add(tf.mul(s[0]!, rho), tf.mul(tf.square(g), 1 - rho));
    s[0]!.assign(ms);
    let d = ms;
    if (p.centered) {
      const slot = s[s.length - 1]!;
      const mg = tf.add(tf.mul(slot, rho), tf.mul(g, 1 - rho));
      slot.assign(mg);
      d = tf.relu(tf.sub(ms, tf.square(mg))); // >= 0 in exact arithmetic; rounding must not make NaN
    }
    const step = tf.div(tf.mul(g, lr), tf.add(tf.sqrt(d), p.epsilon));
    if (!(mu > 0)) { w.assign(tf.sub(w, step)); return; }
    const mom = tf.add(tf.mul(s[1]!, mu), step);
    s[1]!.assign(mom);
    w.assign(tf.sub(w, mom));
  },
};

export const rmsprop = optimizer({
  name: 'rmsprop',
  doc: 'divides the gradient by a running average of its magnitude',
  params,
  rule: 'ms = ρ·ms + (1−ρ)·g²; w −= lr·g / (√ms + ε). tf.keras options: centered uses √max(ms − mg², 0) with mg = ρ·mg + (1−ρ)·g; momentum > 0 keeps mom = momentum·mom + that step and subtracts mom',
  elsewhere: 'tf.keras 2.x: same defaults; with momentum > 0 ε moves inside the root, √(ms + ε). Keras 3: ε always inside, √(ms − mg² + ε)',
  build: (tf, p) => tfjsOptimizer(tf, tfjs, p),
  /** The tfjs rule above, op for op on float32 storage. */
  fused(p, size) {
    const rate = decayedRate(p);
    const rho = f32(p.rho), orho = f32(1 - p.rho);
    const mu = f32(p.momentum), epsilon = f32(p.epsilon);
    const centered = p.centered;
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
  },
  reference(p, n) {
    const ms = zeros(n), mg = zeros(n), mom = zeros(n), rho = p.rho, mu = p.momentum;
    let it = 0;
    return (w, g) => {
      const lr = p.learning_rate / (1 + p.decay * it++);
      for (let i = 0; i < n; i++) {
        ms[i] = rho * ms[i]! + (1 - rho) * g[i]! ** 2;
        mg[i] = rho * mg[i]! + (1 - rho) * g[i]!;
        const d = p.centered ? Math.max(ms[i]! - mg[i]! ** 2, 0) : ms[i]!;
        const step = (lr * g[i]!) / (Math.sqrt(d) + p.epsilon);
        mom[i] = mu * mom[i]! + step;
        w[i] = w[i]! - (mu > 0 ? mom[i]! : step);
      }
    };
  },
  examples: [{ centered: true }, { momentum: 0.5 }, { centered: true, momentum: 0.5, decay: 0.5 }, { epsilon: 1e-3 }],
});
