import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';
import { intOrPair, padding, tfPair } from './params.js';
import { poolShape } from './shape.js';

export const maxPooling2d = layer({
  name: 'max_pooling2d', fused: 'pool', doc: 'max over pool_size windows',
  params: { pool_size: intOrPair('window', 2), strides: Type.Optional(intOrPair('step; default pool_size')), padding: padding() },
  build: (tf, p, s) => tf.layers.maxPooling2d({ poolSize: tfPair(p.pool_size), ...(p.strides ? { strides: tfPair(p.strides) } : {}), padding: p.padding, ...common(p, s) }),
  shape: (input, p) => poolShape(2, 'rows, cols, channels', input, p),
  examples: [{ input: [6, 5, 2], params: {} }, { input: [7, 7, 1], params: { pool_size: [3, 2], strides: 2, padding: 'same' } }],
});
