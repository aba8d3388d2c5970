import { layer } from './common.js';
import { recurrentShape, rnnOptions, rnnParams } from './recurrent.js';

export const simpleRnn = layer({
  name: 'simple_rnn', doc: 'fully connected recurrent layer over [steps, features]',
  params: rnnParams({}),
  units: (p) => p.units,
  build: (tf, p, s) => tf.layers.simpleRNN(rnnOptions(tf, p, s)),
  shape: (input, p) => recurrentShape('simple_rnn', 1, input, p),
  examples: [{ input: [6, 4], params: { units: 8 } }, { input: [6, 4], params: { units: 3, return_sequences: true, use_bias: false } }],
});
