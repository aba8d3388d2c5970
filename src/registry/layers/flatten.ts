import { layer, common } from './common.js';
import { shapeSize, shapeString } from './shape.js';

export const flatten = layer({
  name: 'flatten', fused: 'reshape', doc: 'flattens all but the batch axis', params: {},
  build: (tf, p, s) => tf.layers.flatten(common(p, s)),
  shape: (input) =>
    input.length < 2
      ? { ok: false, message: `flatten needs an input with at least 2 axes, but its input is ${shapeString(input)}`, hint: 'leave the flatten out: the input is already flat' }
      : { ok: true, out: [shapeSize(input)], params: 0 },
  examples: [{ input: [3, 4, 2], params: {} }],
});
