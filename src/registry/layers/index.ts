/**
 * Layer types of a Sequential stack, with Keras's names and parameter names: one file per layer
 * beside this one (parameters, tfjs builder, shape rule, fused kind). A new layer: one file, one
 * line below, `npm run docs`.
 */
import { makeRegistry } from '../entry.js';
import type { LayerEntry } from './common.js';
import { activation } from './activation.js';
import { batchNormalization } from './batch_normalization.js';
import { conv1d } from './conv1d.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { embedding } from './embedding.js';
import { flatten } from './flatten.js';
import { gru } from './gru.js';
import { leakyRelu } from './leaky_relu.js';
import { lstm } from './lstm.js';
import { maxPooling1d } from './max_pooling1d.js';
import { maxPooling2d } from './max_pooling2d.js';
import { reshape } from './reshape.js';
import { simpleRnn } from './simple_rnn.js';

export { COMMON_LAYER_PARAMS, type LayerEntry } from './common.js';

export const layers = makeRegistry<LayerEntry>('layer', [
  dense,
  activation,
  dropout,
  batchNormalization,
  flatten,
  reshape,
  leakyRelu,
  conv1d,
  conv2d,
  maxPooling1d,
  maxPooling2d,
  simpleRnn,
  lstm,
  gru,
  embedding,
]);
