/**
 * leaky_relu: x, or a small slope below zero. tfjs has no such activation, so its class is
 * registered here (see registerCustom); model.json stores it as a linear layer plus a stock
 * LeakyReLU layer (engine/save.ts), which is what `savedAs` states.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../entry.js';
import { f32 } from '../fused/math.js';
import { each, type ActivationEntry } from './common.js';

/** Keras 3's default negative slope for the `leaky_relu` activation. */
export const LEAKY_RELU_SLOPE = 0.2;

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

export const leakyRelu: ActivationEntry = {
  name: 'leaky_relu',
  aliases: [],
  doc: `x if x > 0 else ${LEAKY_RELU_SLOPE} x`,
  range: 'unbounded',
  params: {},
  fused: {
    forward(x, y, n) { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? LEAKY_RELU_SLOPE * v : v; } },
    backward(x, _y, dy, dx, n) { const a = f32(LEAKY_RELU_SLOPE); for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : dy[i]! * a; },
  },
  build: (tf) => {
    registerCustom(tf);
    return 'leakyRelu';
  },
  // keras.activations.leaky_relu, negative_slope=0.2
  reference: each((v) => (v > 0 ? v : LEAKY_RELU_SLOPE * v)),
  savedAs: { activation: 'linear', nextLayer: { class_name: 'LeakyReLU', config: { alpha: LEAKY_RELU_SLOPE } } },
};
