/** Activation functions, by their Keras names. */
import type * as TF from '@tensorflow/tfjs';
import { makeRegistry, type Entry, type Tf } from './entry.js';
import type { FusedActivation } from './fused/types.js';
import { erf, f32, sigmoid, softplus, SELU_SCALE, SELU_SCALEALPHA } from './fused/math.js';

/** What a dense layer's `activation` option takes in tfjs: a registered class name. */
export type ActivationEntry = Entry<Record<string, never>, string> & {
  /** Output range, used by validation to match losses and labels. */
  readonly range: 'unbounded' | 'sign' | 'unit' | 'positive' | 'simplex';
  /** The same function on typed arrays for the fused engine: value and tfjs's gradient. */
  readonly fused?: FusedActivation;
};

let customRegistered = false;
/**
 * tfjs resolves activation strings through its serialization registry, so the
 * activations it lacks are registered there once. The class name is tfjs's
 * camelCase form (like `hardSigmoid`): model.json stores it as `leaky_relu`
 * and loading turns that back into `leakyRelu`, so a saved model loads again
 * (in a process that has registered it: see loadArtifacts).
 */
export function registerCustom(tf: Tf): void {
  if (customRegistered) return;
  customRegistered = true;
  class LeakyReluActivation extends tf.serialization.Serializable {
    static className = 'leakyRelu';
    override getClassName(): string {
      return 'leakyRelu';
    }
    apply(x: TF.Tensor): TF.Tensor {
      return tf.leakyRelu(x, LEAKY_RELU_SLOPE);
    }
    getConfig(): TF.serialization.ConfigDict {
      return {};
    }
  }
  tf.serialization.registerClass(LeakyReluActivation);
}

/** Keras 3's default negative slope for the `leaky_relu` activation. */
export const LEAKY_RELU_SLOPE = 0.2;

const act = (
  name: string,
  tfName: string,
  range: ActivationEntry['range'],
  doc: string,
  fused: FusedActivation | undefined,
  aliases: string[] = [],
): ActivationEntry => ({ name, aliases, doc, range, params: {}, build: () => tfName, ...(fused ? { fused } : {}) });

/**
 * The fused forms: forward as tfjs's cpu kernels compute it, backward as
 * tfjs's autodiff differentiates the ops the tfjs builder uses (so the
 * gradient at kinks and the float32 constants match too).
 */
const F = {
  linear: {
    forward(x, y, n) { y.set(x.subarray(0, n)); },
    backward(_x, _y, dy, dx, n) { dx.set(dy.subarray(0, n)); },
  },
  relu: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.max(0, x[i]!); },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = x[i]!; dx[i] = v > 0 ? dy[i]! : v !== v ? NaN : 0; } },
  },
  elu: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v >= 0 ? v : Math.exp(v) - 1; } },
    // EluGrad reads the output: dy where y >= 0, else dy * (y + 1)
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = v >= 0 ? dy[i]! : dy[i]! * (v + 1); } },
  },
  selu: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v >= 0 ? SELU_SCALE * v : SELU_SCALEALPHA * (Math.exp(v) - 1); } },
    // the gradient's mask is x > 0 (the value's is x >= 0), with the constants as float32 scalars
    backward(x, _y, dy, dx, n) {
      const s = f32(SELU_SCALE), sa = f32(SELU_SCALEALPHA);
      for (let i = 0; i < n; i++) { const v = x[i]!; dx[i] = v > 0 ? dy[i]! * s : f32(dy[i]! * sa) * f32(Math.exp(v)); }
    },
  },
  tanh: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = f32(1 - v * v) * dy[i]!; } },
  },
  sigmoid: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]!)); },
    backward(_x, y, dy, dx, n) { for (let i = 0; i < n; i++) { const v = y[i]!; dx[i] = dy[i]! * f32(v * f32(1 - v)); } },
  },
  hard_sigmoid: {
    // clip(0.5 + 0.2 x, 0, 1) with 0.2 a float32 scalar; the clip passes the gradient on [0, 1], ends included
    forward(x, y, n) {
      const a = f32(0.2);
      for (let i = 0; i < n; i++) { const t = f32(0.5 + f32(a * x[i]!)); y[i] = t > 1 ? 1 : t < 0 ? 0 : t; }
    },
    backward(x, _y, dy, dx, n) {
      const a = f32(0.2);
      for (let i = 0; i < n; i++) { const t = f32(0.5 + f32(a * x[i]!)); dx[i] = t >= 0 && t <= 1 ? dy[i]! * a : 0; }
    },
  },
  softsign: {
    // x / (|x| + 1); autodiff through div and abs (|x|' = -1 at 0)
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v / f32(Math.abs(v) + 1); } },
    backward(x, _y, dy, dx, n) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!, b = f32(Math.abs(v) + 1), g = dy[i]!;
        dx[i] = f32(g / b) - f32(f32(g * v) / f32(b * b)) * (v > 0 ? 1 : -1);
      }
    },
  },
  softplus: {
    forward(x, y, n) { for (let i = 0; i < n; i++) y[i] = softplus(x[i]!); },
    backward(x, _y, dy, dx, n) { for (let i = 0; i < n; i++) dx[i] = dy[i]! * f32(sigmoid(x[i]!)); },
  },
  softmax: {
    // per row: exp(x - max) / sum; gradient y * (dy - sum(dy * y))
    forward(x, y, n, w) {
      for (let r = 0; r < n; r += w) {
        let m = -Infinity;
        for (let j = 0; j < w; j++) if (x[r + j]! > m) m = x[r + j]!;
        let s = 0;
        for (let j = 0; j < w; j++) { const e = f32(Math.exp(f32(x[r + j]! - m))); y[r + j] = e; s += e; }
        s = f32(s);
        for (let j = 0; j < w; j++) y[r + j] = y[r + j]! / s;
      }
    },
    backward(_x, y, dy, dx, n, w) {
      for (let r = 0; r < n; r += w) {
        let s = 0;
        for (let j = 0; j < w; j++) s += f32(dy[r + j]! * y[r + j]!);
        s = f32(s);
        for (let j = 0; j < w; j++) { const v = y[r + j]!; dx[r + j] = f32(dy[r + j]! * v) - f32(s * v); }
      }
    },
  },
  swish: {
    // sigmoid(x) * x
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = f32(sigmoid(v)) * v; } },
    backward(x, _y, dy, dx, n) {
      for (let i = 0; i < n; i++) { const v = x[i]!, s = f32(sigmoid(v)), g = dy[i]!; dx[i] = f32(g * v) * f32(s * f32(1 - s)) + f32(g * s); }
    },
  },
  gelu: {
    // x * 0.5 * (1 + erf(x / sqrt 2)); erf's gradient is the exact 2/sqrt(pi) exp(-u^2)
    forward(x, y, n) {
      for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v * f32(0.5 * f32(1 + f32(erf(f32(v / Math.SQRT2))))); }
    },
    backward(x, _y, dy, dx, n) {
      const k = f32(2 / Math.sqrt(Math.PI));
      for (let i = 0; i < n; i++) {
        const v = x[i]!, g = dy[i]!, u = f32(v / Math.SQRT2);
        const cdf = f32(0.5 * f32(1 + f32(erf(u))));
        const dErf = f32(f32(f32(g * v) * 0.5) * f32(f32(Math.exp(-f32(u * u))) * k));
        dx[i] = f32(g * cdf) + f32(dErf / Math.SQRT2);
      }
    },
  },
  leaky_relu: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? LEAKY_RELU_SLOPE * v : v; } },
    backward(x, _y, dy, dx, n) { const a = f32(LEAKY_RELU_SLOPE); for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : dy[i]! * a; },
  },
} satisfies Record<string, FusedActivation>;

export const activations = makeRegistry<ActivationEntry>('activation', [
  act('linear', 'linear', 'unbounded', 'identity: f(x) = x', F.linear),
  act('relu', 'relu', 'positive', 'max(0, x)', F.relu),
  act('elu', 'elu', 'unbounded', 'x if x > 0 else exp(x) - 1', F.elu),
  act('selu', 'selu', 'unbounded', 'scaled elu (Klambauer et al. 2017)', F.selu),
  act('tanh', 'tanh', 'sign', 'hyperbolic tangent, range (-1, 1)', F.tanh),
  act('sigmoid', 'sigmoid', 'unit', '1 / (1 + exp(-x)), range (0, 1)', F.sigmoid),
  act('hard_sigmoid', 'hardSigmoid', 'unit', 'clip(0.2 x + 0.5, 0, 1) (Keras 2)', F.hard_sigmoid),
  act('softsign', 'softsign', 'sign', 'x / (1 + |x|), range (-1, 1)', F.softsign),
  act('softplus', 'softplus', 'positive', 'log(1 + exp(x))', F.softplus),
  act('softmax', 'softmax', 'simplex', 'exp(x) / sum(exp(x)) over the last axis', F.softmax),
  act('swish', 'swish', 'unbounded', 'x * sigmoid(x)', F.swish, ['silu']),
  act('gelu', 'gelu', 'unbounded', 'x * Phi(x), exact (erf) form', F.gelu),
  {
    name: 'leaky_relu',
    aliases: [],
    doc: `x if x > 0 else ${LEAKY_RELU_SLOPE} x`,
    range: 'unbounded',
    params: {},
    fused: F.leaky_relu,
    build: (tf) => {
      registerCustom(tf);
      return 'leakyRelu';
    },
  },
]);
