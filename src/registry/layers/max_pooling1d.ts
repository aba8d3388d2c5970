import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';
import { padding, positiveInt } from './params.js';
import { poolShape } from './shape.js';

export const maxPooling1d = layer({
  name: 'max_pooling1d', fused: 'pool', doc: 'max over windows of pool_size steps',
  params: { pool_size: positiveInt('window', 2), strides: Type.Optional(positiveInt('step; default pool_size')), padding: padding() },
  build: (tf, p, s) => tf.layers.maxPooling1d({ poolSize: p.pool_size, ...(p.strides ? { strides: p.strides } : {}), padding: p.padding, ...common(p, s) }),
  shape: (input, p) => poolShape(1, 'steps, channels', input, p),
  examples: [{ input: [10, 3], params: {} }, { input: [11, 2], params: { pool_size: 3, strides: 2, padding: 'same' } }],
});
