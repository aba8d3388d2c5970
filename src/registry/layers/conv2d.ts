import { layer, common } from './common.js';
import { activation, intOrPair, padding, positiveInt, tfActivation, tfPair, weightOptions, weightParams } from './params.js';
import { convShape } from './shape.js';

export const conv2d = layer({
  name: 'conv2d', fused: 'conv', doc: '2-D convolution over [rows, cols, channels]',
  params: {
    filters: positiveInt('output channels'), kernel_size: intOrPair('window size'),
    strides: intOrPair('step', 1), padding: padding(), activation: activation('linear'), ...weightParams(),
  },
  build: (tf, p, s) => tf.layers.conv2d({
    filters: p.filters, kernelSize: tfPair(p.kernel_size), strides: tfPair(p.strides),
    padding: p.padding, activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...common(p, s),
  }),
  shape: (input, p) => convShape(2, 'rows, cols, channels', input, p),
  examples: [{ input: [6, 4, 1], params: { filters: 8, kernel_size: [2, 2], use_bias: false } }, { input: [7, 5, 2], params: { filters: 3, kernel_size: 3, strides: [2, 1], padding: 'same' } }],
});
