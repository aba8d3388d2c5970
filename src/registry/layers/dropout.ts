import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';
import { sameShape } from './shape.js';

export const dropout = layer({
  name: 'dropout', doc: 'zeroes a fraction `rate` of inputs while training', fused: 'dropout',
  params: { rate: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'fraction dropped' }) },
  build: (tf, p, s) => tf.layers.dropout({ rate: p.rate, ...common(p, s) }),
  shape: sameShape,
  examples: [{ input: [4, 2], params: { rate: 0.5 } }],
});
