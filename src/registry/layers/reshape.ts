import { Type } from '@sinclair/typebox';
import { layer, common } from './common.js';
import { shapeSize, shapeString } from './shape.js';

export const reshape = layer({
  name: 'reshape', fused: 'reshape', doc: 'reshapes to target_shape (without the batch axis)',
  params: { target_shape: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, description: 'new shape' }) },
  build: (tf, p, s) => tf.layers.reshape({ targetShape: p.target_shape, ...common(p, s) }),
  shape(input, p) {
    const target = p.target_shape;
    if (shapeSize(target) === shapeSize(input)) return { ok: true, out: [...target], params: 0 };
    return {
      ok: false, param: 'target_shape',
      message: `reshape to ${shapeString(target)} (${shapeSize(target)} values) cannot hold its input ${shapeString(input)} (${shapeSize(input)} values)`,
      hint: `the target's sizes must multiply to ${shapeSize(input)}`,
    };
  },
  examples: [{ input: [12], params: { target_shape: [3, 4, 1] } }],
});
