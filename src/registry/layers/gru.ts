import { layer } from './common.js';
import { activation, tfActivation } from './params.js';
import { recurrentShape, rnnOptions, rnnParams } from './recurrent.js';

export const gru = layer({
  name: 'gru', doc: 'gated recurrent unit over [steps, features]',
  params: rnnParams({ recurrent_activation: activation('sigmoid') }),
  units: (p) => p.units,
  build: (tf, p, s) => tf.layers.gru({ ...rnnOptions(tf, p, s), recurrentActivation: tfActivation(tf, p.recurrent_activation) }),
  shape: (input, p) => recurrentShape('gru', 3, input, p),
  examples: [{ input: [6, 4], params: { units: 8 } }, { input: [5, 2], params: { units: 3, return_sequences: true } }],
});
