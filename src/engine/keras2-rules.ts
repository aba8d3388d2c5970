/**
 * Keras 2's update rules (keras/optimizers.py, 2.2/2.3) as tfjs `Optimizer`s, where tfjs's own
 * differ: tfjs has no `decay`, puts adagrad's and rmsprop's epsilon inside the square root,
 * starts adagrad's accumulator at 0.1, divides adadelta's step by the accumulator from before
 * this step, applies adam's epsilon to the bias-corrected v, and computes centered rmsprop's
 * denominator as sqrt(ms - (mg^2 + eps)). Each rule is stated once, in its registry entry
 * (registry/optimizers/*.ts); the fused engine's form sits beside it there. `nadam` is
 * engine/nadam.ts. `lr` below is Keras 2's decayed rate (engine/keras2-optimizer.ts).
 */
import type * as TFC from '@tensorflow/tfjs-core';
import { Keras2Optimizer, register, tf, type Keras2Params, type Step } from './keras2-optimizer.js';

type V = TFC.Variable;
type T = TFC.Tensor;

/** v = momentum v - lr g; w += v (Nesterov: w += momentum v - lr g); momentum 0: w -= lr g. */
export class Keras2SGD extends Keras2Optimizer {
  static get className(): string { return 'trainspec.SGD'; }
  constructor(p: Keras2Params) { super(p, Number(p.momentum) > 0 ? ['momentum'] : []); }
  protected rule(w: V, g: T, s: readonly V[], { lr }: Step): void {
    const mu = this.num('momentum');
    if (!(mu > 0)) { w.assign(tf.sub(w, tf.mul(g, lr))); return; }
    const v = tf.sub(tf.mul(s[0]!, mu), tf.mul(g, lr));
    s[0]!.assign(v);
    w.assign(tf.add(w, this.params.nesterov === true ? tf.sub(tf.mul(v, mu), tf.mul(g, lr)) : v));
  }
}

/**
 * ms = rho ms + (1-rho) g^2; centered: mg = rho mg + (1-rho) g, d = max(ms - mg^2, 0), else d = ms;
 * step = lr g / (sqrt(d) + eps); momentum > 0: mom = momentum mom + step, w -= mom; else w -= step.
 */
export class Keras2RMSprop extends Keras2Optimizer {
  static get className(): string { return 'trainspec.RMSprop'; }
  constructor(p: Keras2Params) {
    super(p, ['rms', ...(Number(p.momentum) > 0 ? ['momentum'] : []), ...(p.centered === true ? ['mg'] : [])]);
  }
  protected rule(w: V, g: T, s: readonly V[], { lr }: Step): void {
    const rho = this.num('rho'), mu = this.num('momentum');
    const ms = tf.add(tf.mul(s[0]!, rho), tf.mul(tf.square(g), 1 - rho));
    s[0]!.assign(ms);
    let d: T = ms;
    if (this.params.centered === true) {
      const slot = s[s.length - 1]!;
      const mg = tf.add(tf.mul(slot, rho), tf.mul(g, 1 - rho));
      slot.assign(mg);
      d = tf.relu(tf.sub(ms, tf.square(mg))); // >= 0 in exact arithmetic; rounding must not make NaN
    }
    const step = tf.div(tf.mul(g, lr), tf.add(tf.sqrt(d), this.num('epsilon')));
    if (!(mu > 0)) { w.assign(tf.sub(w, step)); return; }
    const mom = tf.add(tf.mul(s[1]!, mu), step);
    s[1]!.assign(mom);
    w.assign(tf.sub(w, mom));
  }
}

/** a += g^2 (a starts at initial_accumulator_value, Keras 2: 0); w -= lr g / (sqrt(a) + eps). */
export class Keras2Adagrad extends Keras2Optimizer {
  static get className(): string { return 'trainspec.Adagrad'; }
  constructor(p: Keras2Params) { super(p, ['accumulator']); }
  protected override slotStart(): number { return this.num('initial_accumulator_value'); }
  protected rule(w: V, g: T, s: readonly V[], { lr }: Step): void {
    const a = tf.add(s[0]!, tf.square(g));
    s[0]!.assign(a);
    w.assign(tf.sub(w, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(a), this.num('epsilon')))));
  }
}

/**
 * a = rho a + (1-rho) g^2; u = g sqrt(d + eps) / sqrt(a + eps) (the NEW a, the old d);
 * w -= lr u; d = rho d + (1-rho) u^2.
 */
export class Keras2Adadelta extends Keras2Optimizer {
  static get className(): string { return 'trainspec.Adadelta'; }
  constructor(p: Keras2Params) { super(p, ['accum_grad', 'accum_var']); }
  protected rule(w: V, g: T, s: readonly V[], { lr }: Step): void {
    const rho = this.num('rho'), eps = this.num('epsilon');
    const a = tf.add(tf.mul(s[0]!, rho), tf.mul(tf.square(g), 1 - rho));
    s[0]!.assign(a);
    const u = tf.div(tf.mul(g, tf.sqrt(tf.add(s[1]!, eps))), tf.sqrt(tf.add(a, eps)));
    w.assign(tf.sub(w, tf.mul(u, lr)));
    s[1]!.assign(tf.add(tf.mul(s[1]!, rho), tf.mul(tf.square(u), 1 - rho)));
  }
}

/**
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; amsgrad: vh = max(vh, v), used for v;
 * w -= lr_t m / (sqrt(v) + eps) with lr_t = lr sqrt(1 - b2^t) / (1 - b1^t).
 */
export class Keras2Adam extends Keras2Optimizer {
  static get className(): string { return 'trainspec.Adam'; }
  private lrT = 0;
  constructor(p: Keras2Params) { super(p, ['m', 'v', ...(p.amsgrad === true ? ['vhat'] : [])]); }
  protected override beginStep({ lr, t }: Step): void {
    this.lrT = (lr * Math.sqrt(1 - Math.pow(this.num('beta_2'), t))) / (1 - Math.pow(this.num('beta_1'), t));
  }
  protected rule(w: V, g: T, s: readonly V[]): void {
    const b1 = this.num('beta_1'), b2 = this.num('beta_2');
    const m = tf.add(tf.mul(s[0]!, b1), tf.mul(g, 1 - b1));
    let v = tf.add(tf.mul(s[1]!, b2), tf.mul(tf.square(g), 1 - b2));
    s[0]!.assign(m);
    s[1]!.assign(v);
    if (this.params.amsgrad === true) {
      v = tf.maximum(s[2]!, v);
      s[2]!.assign(v);
    }
    w.assign(tf.sub(w, tf.div(tf.mul(m, this.lrT), tf.add(tf.sqrt(v), this.num('epsilon')))));
  }
}

/** m = b1 m + (1-b1) g; u = max(b2 u, |g|); w -= lr / (1 - b1^t) * m / (u + eps). */
export class Keras2Adamax extends Keras2Optimizer {
  static get className(): string { return 'trainspec.Adamax'; }
  private lrT = 0;
  constructor(p: Keras2Params) { super(p, ['m', 'u']); }
  protected override beginStep({ lr, t }: Step): void {
    this.lrT = lr / (1 - Math.pow(this.num('beta_1'), t));
  }
  protected rule(w: V, g: T, s: readonly V[]): void {
    const b1 = this.num('beta_1');
    const m = tf.add(tf.mul(s[0]!, b1), tf.mul(g, 1 - b1));
    const u = tf.maximum(tf.mul(s[1]!, this.num('beta_2')), tf.abs(g));
    s[0]!.assign(m);
    s[1]!.assign(u);
    w.assign(tf.sub(w, tf.div(tf.mul(m, this.lrT), tf.add(u, this.num('epsilon')))));
  }
}

for (const cls of [Keras2SGD, Keras2RMSprop, Keras2Adagrad, Keras2Adadelta, Keras2Adam, Keras2Adamax]) register(cls as never);
