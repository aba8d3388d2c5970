import { layer } from './common.js';
import { activation, tfActivation } from './params.js';
import { recurrentShape, rnnOptions, rnnParams } from './recurrent.js';

export const lstm = layer({
  name: 'lstm', doc: 'long short-term memory over [steps, features]',
  params: rnnParams({ recurrent_activation: activation('sigmoid') }),
  units: (p) => p.units,
  build: (tf, p, s) => tf.layers.lstm({ ...rnnOptions(tf, p, s), recurrentActivation: tfActivation(tf, p.recurrent_activation) }),
  shape: (input, p) => recurrentShape('lstm', 4, input, p),
  examples: [{ input: [6, 4], params: { units: 8, return_sequences: true } }, { input: [5, 2], params: { units: 3, use_bias: false } }],
});
