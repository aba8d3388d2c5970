/** Activation functions, by their Keras names: one file per activation, one line here each. */
import { makeRegistry } from '../entry.js';
import type { ActivationEntry } from './common.js';
import { elu } from './elu.js';
import { gelu } from './gelu.js';
import { hardSigmoid } from './hard_sigmoid.js';
import { leakyRelu } from './leaky_relu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { softsign } from './softsign.js';
import { swish } from './swish.js';
import { tanh } from './tanh.js';

export type { ActivationEntry };
export { LEAKY_RELU_SLOPE, registerCustom } from './leaky_relu.js';

/** In the order the docs and the schema list them. */
export const activations = makeRegistry<ActivationEntry>('activation', [
  linear,
  relu,
  elu,
  selu,
  tanh,
  sigmoid,
  hardSigmoid,
  softsign,
  softplus,
  softmax,
  swish,
  gelu,
  leakyRelu,
]);
