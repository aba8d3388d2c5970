/**
 * Loss functions, by their Keras names, each returning one value per sample
 * (reduced over the last axis, as Keras's loss functions do before averaging).
 */
import { Type } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { LabelKind } from '../data/types.js';
import { makeRegistry, type Entry, type Tf } from './entry.js';
import type { FusedLoss, FusedLossFn } from './fused/types.js';
import { absGradSign, EPS32, f32, ONE_MINUS_EPS32, sigmoid, softplus } from './fused/math.js';

export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

export type LossEntry = Entry<any, LossFn> & {
  /** Label encodings the loss works with; the first is what `labels: auto` picks. */
  readonly labels: readonly LabelKind[];
  /** Output activations' ranges that make the loss meaningless (error) or doubtful (warning). */
  readonly badRanges?: { readonly error?: readonly string[]; readonly warning?: readonly string[] };
  /** The same loss on typed arrays for the fused engine: per-sample values and tfjs's gradient. */
  readonly fused?: FusedLoss;
};

const EPS = 1e-7;

const loss = (
  name: string,
  aliases: string[],
  labels: LabelKind[],
  doc: string,
  build: (tf: Tf, p: Record<string, unknown>) => LossFn,
  extra: Partial<LossEntry> = {},
): LossEntry => ({ name, aliases, labels, doc, params: {}, build, ...extra });

const REGRESSION: LabelKind[] = ['value', 'binary', 'sign', 'onehot'];

/**
 * The fused forms: per-sample values and their gradients w.r.t. the
 * predictions, as tfjs's autodiff differentiates the ops of each builder
 * (clip passes the gradient on [lo, hi], ends included; max sends it to every
 * tied element; |x|' = -1 at 0; maximum(a, b) sends it to a when a >= b).
 * Rows of `w` values; `s` is the gradient's scale (1/rows for a batch mean).
 */
const sgn = absGradSign;
const clipLo = (v: number, lo: number, hi: number) => (v < lo ? f32(lo) : v > hi ? f32(hi) : v);
/**
 * Losses that average an element term over each row (`total += f32(sum / w)`),
 * with the gradient `dterm(y, p) * s / w`: the shape most of Keras's losses share.
 */
function rowMean(term: (y: number, p: number) => number, dterm: (y: number, p: number) => number): FusedLossFn {
  return (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    const k = s / w;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sum = 0;
      for (let j = i; j < i + w; j++) {
        sum += term(y[j]!, p[j]!);
        if (grad) grad[j] = dterm(y[j]!, p[j]!) * k;
      }
      total += f32(sum / w);
    }
    return total;
  };
}

const L = {
  hinge: () => rowMean(
    (y, p) => Math.max(f32(1 - f32(y * p)), 0),
    (y, p) => (f32(1 - f32(y * p)) > 0 ? -y : 0),
  ),
  squared_hinge: () => rowMean(
    (y, p) => {
      const m = f32(1 - f32(y * p));
      return m > 0 ? f32(m * m) : 0;
    },
    (y, p) => {
      const m = f32(1 - f32(y * p));
      return m > 0 ? -2 * m * y : 0;
    },
  ),
  categorical_hinge: () => (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let pos = 0;
      let neg = -Infinity;
      for (let j = i; j < i + w; j++) {
        pos += f32(y[j]! * p[j]!);
        const q = f32(f32(1 - y[j]!) * p[j]!);
        if (q > neg) neg = q;
      }
      const t = f32(f32(neg - f32(pos)) + 1);
      if (t > 0) total += t;
      if (grad) {
        for (let j = i; j < i + w; j++) {
          const c = f32(1 - y[j]!);
          grad[j] = t > 0 ? s * ((f32(c * p[j]!) === neg ? c : 0) - y[j]!) : 0;
        }
      }
    }
    return total;
  },
  binary_crossentropy: () => (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    const k = s / w;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sum = 0;
      for (let j = i; j < i + w; j++) {
        const v = p[j]!, t = y[j]!;
        const q = clipLo(v, EPS, 1 - EPS);
        const oq = f32(1 - q);
        sum += f32(f32(t * f32(Math.log(q))) + f32(f32(1 - t) * f32(Math.log(oq))));
        if (grad) grad[j] = v >= EPS32 && v <= ONE_MINUS_EPS32 ? -k * (t / q - (1 - t) / oq) : 0;
      }
      total += -f32(sum / w);
    }
    return total;
  },
  categorical_crossentropy: () => (y, _yw, p, w, rows, grad, s) => crossentropy(y, 0, p, w, rows, grad, s),
  sparse_categorical_crossentropy: () => (y, _yw, p, w, rows, grad, s) => crossentropy(y, 1, p, w, rows, grad, s),
  kl_divergence: () => (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sum = 0;
      for (let j = i; j < i + w; j++) {
        const v = p[j]!;
        const yc = clipLo(y[j]!, EPS, 1), pc = clipLo(v, EPS, 1);
        sum += f32(yc * f32(Math.log(f32(yc / pc))));
        if (grad) grad[j] = v >= EPS32 && v <= 1 ? -s * yc / pc : 0;
      }
      total += f32(sum);
    }
    return total;
  },
  cosine_similarity: () => (y, _yw, p, w, rows, grad, s) => {
    // -sum(unit(y) * unit(p)), unit(t) = t * rsqrt(max(sum(t^2), 1e-12))
    const tiny = f32(1e-12);
    let total = 0;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sy = 0, sp = 0;
      for (let j = i; j < i + w; j++) {
        sy += f32(y[j]! * y[j]!);
        sp += f32(p[j]! * p[j]!);
      }
      sy = f32(sy);
      sp = f32(sp);
      const ry = f32(1 / Math.sqrt(Math.max(sy, tiny)));
      const mp = Math.max(sp, tiny);
      const rp = f32(1 / Math.sqrt(mp));
      let dot = 0, d = 0;
      for (let j = i; j < i + w; j++) {
        const uy = f32(y[j]! * ry);
        dot += f32(uy * f32(p[j]! * rp));
        d += f32(uy * p[j]!);
      }
      total += -f32(dot);
      if (grad) {
        // d/dp_k = -uy_k rp + (sum_j uy_j p_j) * mp^-1.5 * p_k   (the second term only where sp >= 1e-12)
        const c = sp >= tiny ? f32(d) / f32(Math.pow(mp, 1.5)) : 0;
        for (let j = i; j < i + w; j++) grad[j] = s * (-f32(y[j]! * ry) * rp + c * p[j]!);
      }
    }
    return total;
  },
  mean_squared_error: () => rowMean(
    (y, p) => f32((y - p) * (y - p)),
    (y, p) => -2 * f32(y - p),
  ),
  mean_absolute_error: () => rowMean(
    (y, p) => Math.abs(f32(y - p)),
    (y, p) => -sgn(f32(y - p)),
  ),
  mean_absolute_percentage_error: () => (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    const k = f32(f32(s * 100) / w); // rounded like tfjs's chain: mul(100) then mean over the row
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sum = 0;
      for (let j = i; j < i + w; j++) {
        const d = Math.max(Math.abs(y[j]!), EPS32);
        const t = f32(f32(y[j]! - p[j]!) / d);
        sum += Math.abs(t);
        if (grad) grad[j] = -sgn(t) * f32(k / d);
      }
      total += f32(100 * f32(sum / w));
    }
    return total;
  },
  mean_squared_logarithmic_error: () => {
    const e = (y: number, p: number) => f32(Math.log1p(Math.max(y, EPS32))) - f32(Math.log1p(p >= EPS32 ? p : EPS32));
    return rowMean(
      (y, p) => f32(e(y, p) * e(y, p)),
      (y, p) => (p >= EPS32 ? (-2 * f32(e(y, p))) / f32(p + 1) : 0),
    );
  },
  poisson: () => rowMean(
    (y, p) => f32(p - f32(y * f32(Math.log(f32(p + EPS32))))),
    (y, p) => 1 - f32(y / f32(p + EPS32)),
  ),
  log_cosh: () => {
    const log2 = f32(Math.log(2));
    return rowMean(
      (y, p) => {
        const d = f32(p - y);
        return f32(f32(d + f32(softplus(f32(-2 * d)))) - log2);
      },
      (y, p) => 1 - 2 * f32(sigmoid(f32(-2 * f32(p - y)))),
    );
  },
  huber: (params) => {
    const d32 = f32((params.delta as number | undefined) ?? 1);
    return rowMean(
      (y, p) => {
        const err = Math.abs(f32(y - p));
        const quad = err <= d32 ? err : d32;
        return f32(f32(0.5 * f32(quad * quad)) + f32(d32 * f32(err - quad)));
      },
      (y, p) => {
        const e = f32(y - p);
        return -sgn(e) * (Math.abs(e) <= d32 ? Math.abs(e) : d32);
      },
    );
  },
} satisfies Record<string, FusedLoss>;

/** -sum(y log clip(p / sum(p))), with one-hot rows (index = 0) or class indexes (index = 1). */
function crossentropy(y: Float32Array, index: number, p: Float32Array, w: number, rows: number, grad: Float32Array | null, s: number): number {
  let total = 0;
  for (let r = 0, i = 0; r < rows; r++, i += w) {
    let sp = 0;
    for (let j = i; j < i + w; j++) sp += p[j]!;
    sp = f32(sp);
    const cls = index ? y[r]! : -1;
    let sum = 0;
    let gp = 0;
    for (let j = i; j < i + w; j++) {
      const t = index ? (j - i === cls ? 1 : 0) : y[j]!;
      const q0 = f32(p[j]! / sp);
      const q = clipLo(q0, EPS, 1 - EPS);
      sum += f32(t * f32(Math.log(q)));
      if (grad) {
        // dL/dq, then through q = p / sum(p)
        const gq = q0 >= EPS32 && q0 <= ONE_MINUS_EPS32 ? -t / q : 0;
        grad[j] = gq;
        gp += gq * p[j]!;
      }
    }
    total += -f32(sum);
    if (grad) {
      const c = gp / (sp * sp);
      for (let j = i; j < i + w; j++) grad[j] = s * (grad[j]! / sp - c);
    }
  }
  return total;
}

export const losses = makeRegistry<LossEntry>('loss', [
  loss('hinge', [], ['sign'], 'mean(max(1 - y*p, 0)); labels ±1',
    (tf) => (y, p) => tf.mean(tf.relu(tf.sub(1, tf.mul(y, p))), -1),
    { badRanges: { warning: ['unit', 'simplex', 'positive'] }, fused: L.hinge }),
  loss('squared_hinge', [], ['sign'], 'mean(max(1 - y*p, 0)^2); labels ±1',
    (tf) => (y, p) => tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(y, p)))), -1),
    { badRanges: { warning: ['unit', 'simplex', 'positive'] }, fused: L.squared_hinge }),
  loss('categorical_hinge', [], ['onehot'], 'max(0, max((1-y)*p) - sum(y*p) + 1); one-hot labels',
    (tf) => (y, p) => {
      const pos = tf.sum(tf.mul(y, p), -1);
      const neg = tf.max(tf.mul(tf.sub(1, y), p), -1);
      return tf.relu(tf.add(tf.sub(neg, pos), 1));
    }, { fused: L.categorical_hinge }),
  loss('binary_crossentropy', ['bce'], ['binary'], '-(y log p + (1-y) log(1-p)); 0/1 labels, probabilities',
    (tf) => (y, p) => {
      const q = tf.clipByValue(p, EPS, 1 - EPS);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))), -1));
    },
    { badRanges: { error: ['sign'], warning: ['unbounded', 'positive'] }, fused: L.binary_crossentropy }),
  loss('categorical_crossentropy', ['cce'], ['onehot'], '-sum(y log p); one-hot labels, softmax output',
    (tf) => (y, p) => {
      const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
      return tf.neg(tf.sum(tf.mul(y, tf.log(q)), -1));
    },
    { badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] }, fused: L.categorical_crossentropy }),
  loss('sparse_categorical_crossentropy', ['scce'], ['index'], '-log p[y]; class-index labels, softmax output',
    (tf) => (y, p) => {
      const q = tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), EPS, 1 - EPS);
      const oh = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), p.shape[p.rank - 1] as number);
      return tf.neg(tf.sum(tf.mul(tf.cast(oh, 'float32'), tf.log(q)), -1));
    },
    { badRanges: { error: ['sign', 'unbounded', 'positive', 'unit'] }, fused: L.sparse_categorical_crossentropy }),
  loss('kl_divergence', ['kld', 'kullback_leibler_divergence'], ['onehot', 'binary'], 'sum(y log(y/p)); probability targets',
    (tf) => (y, p) => {
      const yc = tf.clipByValue(y, EPS, 1);
      const pc = tf.clipByValue(p, EPS, 1);
      return tf.sum(tf.mul(yc, tf.log(tf.div(yc, pc))), -1);
    },
    { badRanges: { error: ['sign'], warning: ['unbounded'] }, fused: L.kl_divergence }),
  loss('cosine_similarity', ['cosine_proximity', 'cosine'], ['onehot', 'sign'], '-cos(y, p) over the last axis (Keras 2 sign: lower is better)',
    (tf) => (y, p) => {
      // Keras's l2_normalize: x * rsqrt(max(sum(x^2), 1e-12)), whose gradient stays finite at x = 0
      // (a norm's gradient is NaN there, and a zero prediction row is common: dead relus, zero biases).
      const unit = (t: TF.Tensor) => tf.mul(t, tf.rsqrt(tf.maximum(tf.sum(tf.square(t), -1, true), 1e-12)));
      return tf.neg(tf.sum(tf.mul(unit(y), unit(p)), -1));
    }, { fused: L.cosine_similarity }),
  loss('mean_squared_error', ['mse'], REGRESSION, 'mean((y - p)^2)',
    (tf) => (y, p) => tf.mean(tf.squaredDifference(y, p), -1), { fused: L.mean_squared_error }),
  loss('mean_absolute_error', ['mae'], REGRESSION, 'mean(|y - p|)',
    (tf) => (y, p) => tf.mean(tf.abs(tf.sub(y, p)), -1), { fused: L.mean_absolute_error }),
  loss('mean_absolute_percentage_error', ['mape'], REGRESSION, '100 mean(|y - p| / |y|)',
    (tf) => (y, p) => tf.mul(100, tf.mean(tf.abs(tf.div(tf.sub(y, p), tf.maximum(tf.abs(y), EPS))), -1)),
    { fused: L.mean_absolute_percentage_error }),
  loss('mean_squared_logarithmic_error', ['msle'], REGRESSION, 'mean((log(1+y) - log(1+p))^2)',
    (tf) => (y, p) => {
      const ly = tf.log1p(tf.maximum(y, EPS));
      const lp = tf.log1p(tf.maximum(p, EPS));
      return tf.mean(tf.squaredDifference(ly, lp), -1);
    },
    { badRanges: { warning: ['sign'] }, fused: L.mean_squared_logarithmic_error }),
  loss('poisson', [], REGRESSION, 'mean(p - y log(p))',
    (tf) => (y, p) => tf.mean(tf.sub(p, tf.mul(y, tf.log(tf.add(p, EPS)))), -1),
    { badRanges: { error: ['sign'], warning: ['unbounded'] }, fused: L.poisson }),
  loss('log_cosh', ['logcosh'], REGRESSION, 'mean(log(cosh(p - y)))',
    (tf) => (y, p) => {
      const d = tf.sub(p, y);
      // log(cosh(x)) = x + softplus(-2x) - log(2), stable for large |x|
      return tf.mean(tf.sub(tf.add(d, tf.softplus(tf.mul(-2, d))), Math.log(2)), -1);
    }, { fused: L.log_cosh }),
  {
    name: 'huber',
    aliases: ['huber_loss'],
    labels: REGRESSION,
    doc: 'quadratic for |y - p| <= delta, linear beyond',
    params: { delta: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'where the loss turns linear' }) },
    fused: L.huber,
    build: (tf, params) => {
      const delta = (params.delta as number | undefined) ?? 1;
      return (y, p) => {
        const err = tf.abs(tf.sub(y, p));
        const quad = tf.minimum(err, delta);
        const lin = tf.sub(err, quad);
        return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, lin)), -1);
      };
    },
  },
]);
