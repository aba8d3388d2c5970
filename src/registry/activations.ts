/** Activation functions, by their Keras names. */
import type * as TF from '@tensorflow/tfjs';
import { makeRegistry, type Entry, type Tf } from './entry.js';

/** What a dense layer's `activation` option takes in tfjs: a registered class name. */
export type ActivationEntry = Entry<Record<string, never>, string> & {
  /** Output range, used by validation to match losses and labels. */
  readonly range: 'unbounded' | 'sign' | 'unit' | 'positive' | 'simplex';
};

let customRegistered = false;
/**
 * tfjs resolves activation strings through its serialization registry, so the
 * activations it lacks are registered there once, under their Keras names.
 */
function registerCustom(tf: Tf): void {
  if (customRegistered) return;
  customRegistered = true;
  class LeakyReluActivation extends tf.serialization.Serializable {
    static className = 'leaky_relu';
    override getClassName(): string {
      return 'leaky_relu';
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
  aliases: string[] = [],
): ActivationEntry => ({ name, aliases, doc, range, params: {}, build: () => tfName });

export const activations = makeRegistry<ActivationEntry>('activation', [
  act('linear', 'linear', 'unbounded', 'identity: f(x) = x'),
  act('relu', 'relu', 'positive', 'max(0, x)'),
  act('elu', 'elu', 'unbounded', 'x if x > 0 else exp(x) - 1'),
  act('selu', 'selu', 'unbounded', 'scaled elu (Klambauer et al. 2017)'),
  act('tanh', 'tanh', 'sign', 'hyperbolic tangent, range (-1, 1)'),
  act('sigmoid', 'sigmoid', 'unit', '1 / (1 + exp(-x)), range (0, 1)'),
  act('hard_sigmoid', 'hardSigmoid', 'unit', 'clip(0.2 x + 0.5, 0, 1) (Keras 2)'),
  act('softsign', 'softsign', 'sign', 'x / (1 + |x|), range (-1, 1)'),
  act('softplus', 'softplus', 'positive', 'log(1 + exp(x))'),
  act('softmax', 'softmax', 'simplex', 'exp(x) / sum(exp(x)) over the last axis'),
  act('swish', 'swish', 'unbounded', 'x * sigmoid(x)', ['silu']),
  act('gelu', 'gelu', 'unbounded', 'x * Phi(x), exact (erf) form'),
  {
    name: 'leaky_relu',
    aliases: [],
    doc: `x if x > 0 else ${LEAKY_RELU_SLOPE} x`,
    range: 'unbounded',
    params: {},
    build: (tf) => {
      registerCustom(tf);
      return 'leaky_relu';
    },
  },
]);
