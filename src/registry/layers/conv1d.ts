import { layer, common } from './common.js';
import { activation, padding, positiveInt, tfActivation, weightOptions, weightParams } from './params.js';
import { convShape } from './shape.js';

export const conv1d = layer({
  name: 'conv1d', fused: 'conv', doc: '1-D convolution over [steps, channels]',
  params: {
    filters: positiveInt('output channels'), kernel_size: positiveInt('window length'),
    strides: positiveInt('step', 1), padding: padding(), activation: activation('linear'), ...weightParams(),
  },
  build: (tf, p, s) => tf.layers.conv1d({
    filters: p.filters, kernelSize: p.kernel_size, strides: p.strides,
    padding: p.padding, activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...common(p, s),
  }),
  shape: (input, p) => convShape(1, 'steps, channels', input, p),
  examples: [{ input: [10, 3], params: { filters: 4, kernel_size: 3 } }, { input: [10, 3], params: { filters: 2, kernel_size: 4, strides: 3, padding: 'same', use_bias: false } }],
});
