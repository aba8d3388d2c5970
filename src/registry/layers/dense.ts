import { layer, common } from './common.js';
import { activation, positiveInt, tfActivation, weightOptions, weightParams } from './params.js';

export const dense = layer({
  name: 'dense', doc: 'fully connected: activation(x W + b)', fused: 'dense',
  params: { units: positiveInt('output width'), activation: activation('linear'), ...weightParams() },
  units: (p) => p.units,
  build: (tf, p, s) => tf.layers.dense({ units: p.units, activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...common(p, s) }),
  shape(input, p) {
    const d = input[input.length - 1]!;
    return { ok: true, out: [...input.slice(0, -1), p.units], params: d * p.units + (p.use_bias === false ? 0 : p.units) };
  },
  examples: [{ input: [5], params: { units: 8 } }, { input: [3, 5], params: { units: 2, use_bias: false } }],
});
