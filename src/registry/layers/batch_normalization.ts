import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';

export const batchNormalization = layer({
  name: 'batch_normalization', doc: 'normalises activations by batch statistics',
  params: {
    momentum: Type.Number({ minimum: 0, maximum: 1, default: 0.99, description: 'moving-average momentum' }),
    epsilon: Type.Number({ exclusiveMinimum: 0, default: 0.001, description: 'variance epsilon' }),
    center: Type.Boolean({ default: true, description: 'learn an offset' }),
    scale: Type.Boolean({ default: true, description: 'learn a scale' }),
  },
  build: (tf, p, s) => tf.layers.batchNormalization({ momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale, ...common(p, s) }),
  /** Moving mean and variance per channel, and gamma (scale) and beta (center) when learnt. */
  shape: (input, p) => ({ ok: true, out: input, params: (2 + (p.center ? 1 : 0) + (p.scale ? 1 : 0)) * input[input.length - 1]! }),
  examples: [{ input: [6], params: {} }, { input: [3, 4], params: { center: false } }],
});
