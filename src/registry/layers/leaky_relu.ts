import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';
import { sameShape } from './shape.js';

export const leakyRelu = layer({
  name: 'leaky_relu', doc: 'x if x > 0 else alpha x',
  params: { alpha: Type.Number({ minimum: 0, default: 0.3, description: 'negative slope (Keras 2 default 0.3)' }) },
  build: (tf, p, s) => tf.layers.leakyReLU({ alpha: p.alpha, ...common(p, s) }),
  shape: sameShape,
  examples: [{ input: [5], params: {} }],
});
