import { layer, common } from './common.js';
import { activation as activationName, tfActivation } from './params.js';
import { sameShape } from './shape.js';

export const activation = layer({
  name: 'activation', doc: 'applies an activation function', fused: 'activation',
  params: { activation: activationName() },
  build: (tf, p, s) => tf.layers.activation({ activation: tfActivation(tf, p.activation), ...common(p, s) }),
  shape: sameShape,
  examples: [{ input: [4], params: { activation: 'relu' } }],
});
