/**
 * Layer types of a Sequential stack, with Keras's names and parameter names.
 * Every layer also takes `name`, and the first one `input_dim`/`input_shape`
 * (see COMMON_LAYER_PARAMS); a parameter with a default is optional.
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import { makeRegistry, type EntryBase, type Tf } from './entry.js';
import type { FusedLayerKind } from './fused/types.js';
import {
  activation, intOrPair, padding, positiveInt, tfActivation, weightOptions, weightParams, initializer, INITIALIZERS,
} from './layer-params.js';

type P = Record<string, unknown>;
/** `inputShape` is set on the first layer only. */
export type LayerBuild = (tf: Tf, p: P, inputShape?: number[]) => TF.layers.Layer;

export type LayerEntry = EntryBase<TProperties> & {
  readonly build: LayerBuild;
  /** Output width for layers that set it (used to check against the labels). */
  readonly units?: (p: P) => number | undefined;
  /** Whether `input_dim` means the input width (false for embedding, where it is the vocabulary). */
  readonly takesInputDim: boolean;
  /** What the layer is to the fused engine; layers without it run on tfjs only. */
  readonly fused?: FusedLayerKind;
};

export const COMMON_LAYER_PARAMS = {
  name: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'layer name (sweep paths may use it)' })),
  input_shape: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, description: 'first layer only: input shape without the batch axis' })),
};
const INPUT_DIM = { input_dim: Type.Optional(Type.Integer({ minimum: 1, description: 'first layer only: input width; default: the data\'s feature count' })) };

const shape = (inputShape?: number[]) => (inputShape ? { inputShape } : {});
const pair = (v: unknown) => v as number | [number, number];
const rnnParams = (extra: TProperties = {}) => ({
  units: positiveInt('output width'),
  activation: activation('tanh'),
  return_sequences: Type.Boolean({ default: false, description: 'return the whole sequence' }),
  ...weightParams(),
  recurrent_initializer: initializer('orthogonal'),
  ...extra,
});
const rnnOptions = (tf: Tf, p: P, inputShape?: number[]) => ({
  units: p.units as number,
  activation: tfActivation(tf, p.activation),
  returnSequences: p.return_sequences as boolean,
  ...weightOptions(tf, p),
  ...shape(inputShape),
  ...(p.name ? { name: p.name as string } : {}),
});
const named = (p: P) => (p.name ? { name: p.name as string } : {});

const layer = (e: Omit<LayerEntry, 'takesInputDim' | 'params'> & { params: TProperties; takesInputDim?: boolean }): LayerEntry => ({
  takesInputDim: true,
  ...e,
  params: e.takesInputDim === false ? e.params : { ...INPUT_DIM, ...e.params },
});

export const layers = makeRegistry<LayerEntry>('layer', [
  layer({
    name: 'dense', doc: 'fully connected: activation(x W + b)', fused: 'dense',
    params: { units: positiveInt('output width'), activation: activation('linear'), ...weightParams() },
    units: (p) => p.units as number,
    build: (tf, p, s) => tf.layers.dense({ units: p.units as number, activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'activation', doc: 'applies an activation function', fused: 'activation',
    params: { activation: activation() },
    build: (tf, p, s) => tf.layers.activation({ activation: tfActivation(tf, p.activation), ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'dropout', doc: 'zeroes a fraction `rate` of inputs while training', fused: 'dropout',
    params: { rate: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'fraction dropped' }) },
    build: (tf, p, s) => tf.layers.dropout({ rate: p.rate as number, ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'batch_normalization', doc: 'normalises activations by batch statistics',
    params: {
      momentum: Type.Number({ minimum: 0, maximum: 1, default: 0.99, description: 'moving-average momentum' }),
      epsilon: Type.Number({ exclusiveMinimum: 0, default: 0.001, description: 'variance epsilon' }),
      center: Type.Boolean({ default: true, description: 'learn an offset' }),
      scale: Type.Boolean({ default: true, description: 'learn a scale' }),
    },
    build: (tf, p, s) => tf.layers.batchNormalization({ momentum: p.momentum as number, epsilon: p.epsilon as number, center: p.center as boolean, scale: p.scale as boolean, ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'flatten', doc: 'flattens all but the batch axis', params: {},
    build: (tf, p, s) => tf.layers.flatten({ ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'reshape', doc: 'reshapes to target_shape (without the batch axis)',
    params: { target_shape: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, description: 'new shape' }) },
    build: (tf, p, s) => tf.layers.reshape({ targetShape: p.target_shape as number[], ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'leaky_relu', doc: 'x if x > 0 else alpha x',
    params: { alpha: Type.Number({ minimum: 0, default: 0.3, description: 'negative slope (Keras 2 default 0.3)' }) },
    build: (tf, p, s) => tf.layers.leakyReLU({ alpha: p.alpha as number, ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'conv1d', doc: '1-D convolution over [steps, channels]',
    params: {
      filters: positiveInt('output channels'), kernel_size: positiveInt('window length'),
      strides: positiveInt('step', 1), padding: padding(['causal']), activation: activation('linear'), ...weightParams(),
    },
    build: (tf, p, s) => tf.layers.conv1d({
      filters: p.filters as number, kernelSize: p.kernel_size as number, strides: p.strides as number,
      padding: p.padding as 'valid', activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...shape(s), ...named(p),
    }),
  }),
  layer({
    name: 'conv2d', doc: '2-D convolution over [rows, cols, channels]',
    params: {
      filters: positiveInt('output channels'), kernel_size: intOrPair('window size'),
      strides: intOrPair('step', 1), padding: padding(), activation: activation('linear'), ...weightParams(),
    },
    build: (tf, p, s) => tf.layers.conv2d({
      filters: p.filters as number, kernelSize: pair(p.kernel_size), strides: pair(p.strides),
      padding: p.padding as 'valid', activation: tfActivation(tf, p.activation), ...weightOptions(tf, p), ...shape(s), ...named(p),
    }),
  }),
  layer({
    name: 'max_pooling1d', doc: 'max over windows of pool_size steps',
    params: { pool_size: positiveInt('window', 2), strides: Type.Optional(positiveInt('step; default pool_size')), padding: padding() },
    build: (tf, p, s) => tf.layers.maxPooling1d({ poolSize: p.pool_size as number, ...(p.strides ? { strides: p.strides as number } : {}), padding: p.padding as 'valid', ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'max_pooling2d', doc: 'max over pool_size windows',
    params: { pool_size: intOrPair('window', 2), strides: Type.Optional(intOrPair('step; default pool_size')), padding: padding() },
    build: (tf, p, s) => tf.layers.maxPooling2d({ poolSize: pair(p.pool_size), ...(p.strides ? { strides: pair(p.strides) } : {}), padding: p.padding as 'valid', ...shape(s), ...named(p) }),
  }),
  layer({
    name: 'simple_rnn', doc: 'fully connected recurrent layer over [steps, features]', params: rnnParams(),
    units: (p) => p.units as number,
    build: (tf, p, s) => tf.layers.simpleRNN(rnnOptions(tf, p, s)),
  }),
  layer({
    name: 'lstm', doc: 'long short-term memory over [steps, features]',
    params: rnnParams({ recurrent_activation: activation('sigmoid') }),
    units: (p) => p.units as number,
    build: (tf, p, s) => tf.layers.lstm({ ...rnnOptions(tf, p, s), recurrentActivation: tfActivation(tf, p.recurrent_activation) }),
  }),
  layer({
    name: 'gru', doc: 'gated recurrent unit over [steps, features]',
    params: rnnParams({ recurrent_activation: activation('sigmoid') }),
    units: (p) => p.units as number,
    build: (tf, p, s) => tf.layers.gru({ ...rnnOptions(tf, p, s), recurrentActivation: tfActivation(tf, p.recurrent_activation) }),
  }),
  layer({
    name: 'embedding', doc: 'maps integer ids in [0, input_dim) to dense vectors', takesInputDim: false,
    params: {
      input_dim: positiveInt('vocabulary size'), output_dim: positiveInt('vector width'),
      input_length: Type.Optional(positiveInt('sequence length')), embeddings_initializer: initializer('random_uniform'),
    },
    build: (tf, p, s) => tf.layers.embedding({
      inputDim: p.input_dim as number, outputDim: p.output_dim as number,
      embeddingsInitializer: INITIALIZERS[p.embeddings_initializer as string],
      ...(p.input_length ? { inputLength: p.input_length as number } : s ? { inputShape: s } : {}), ...named(p),
    } as never),
  }),
]);
