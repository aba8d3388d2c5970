import { Type } from '@sinclair/typebox';
import { layer } from './common.js';
import { initializer, INITIALIZERS, positiveInt } from './params.js';
import { needRank } from './shape.js';

export const embedding = layer({
  name: 'embedding', doc: 'maps integer ids in [0, input_dim) to dense vectors', takesInputDim: false,
  params: {
    input_dim: positiveInt('vocabulary size'), output_dim: positiveInt('vector width'),
    input_length: Type.Optional(positiveInt('sequence length')), embeddings_initializer: initializer('random_uniform'),
  },
  build: (tf, p, s) => tf.layers.embedding({
    inputDim: p.input_dim, outputDim: p.output_dim,
    embeddingsInitializer: INITIALIZERS[p.embeddings_initializer],
    ...(p.input_length ? { inputLength: p.input_length } : s ? { inputShape: s } : {}), ...(p.name ? { name: p.name } : {}),
  } as never),
  shape(input, p) {
    const bad = needRank('embedding', input, 1, 'steps');
    if (bad) return bad;
    return { ok: true, out: [input[0]!, p.output_dim], params: p.input_dim * p.output_dim };
  },
  examples: [{ input: [6], params: { input_dim: 10, output_dim: 4 } }],
});
