/** Parameter schemas shared by several layer types, and their mapping to tfjs. */
import { Type, type Static } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import { activations } from '../activations/index.js';
import { nameSchema, type Tf } from '../entry.js';

/** Keras initializer names → tfjs identifiers. */
export const INITIALIZERS: Record<string, string> = {
  glorot_uniform: 'glorotUniform',
  glorot_normal: 'glorotNormal',
  he_uniform: 'heUniform',
  he_normal: 'heNormal',
  lecun_uniform: 'leCunUniform',
  lecun_normal: 'leCunNormal',
  orthogonal: 'orthogonal',
  random_normal: 'randomNormal',
  random_uniform: 'randomUniform',
  truncated_normal: 'truncatedNormal',
  zeros: 'zeros',
  ones: 'ones',
};

export const initializer = (d: string) =>
  Type.Unsafe<string>({ type: 'string', enum: Object.keys(INITIALIZERS), default: d, description: 'weight initializer' });

export const regularizer = () =>
  Type.Union(
    [
      Type.Unsafe<'l1' | 'l2' | 'l1_l2'>({ type: 'string', enum: ['l1', 'l2', 'l1_l2'], description: 'Keras default factor 0.01' }),
      Type.Object(
        { l1: Type.Optional(Type.Number({ minimum: 0 })), l2: Type.Optional(Type.Number({ minimum: 0 })) },
        { additionalProperties: false, minProperties: 1 },
      ),
    ],
    { description: 'weight penalty: l1, l2, l1_l2 or {l1: f, l2: f}' },
  );
type Regularizer = Static<ReturnType<typeof regularizer>>;

/** An activation name (any spelling the activation registry accepts). */
export const activation = (d?: string) =>
  Type.Unsafe<string>(d === undefined ? nameSchema(activations as never) : { ...nameSchema(activations as never), default: d });

export const positiveInt = (description: string, d?: number) =>
  Type.Integer({ minimum: 1, description, ...(d === undefined ? {} : { default: d }) });

export const intOrPair = (description: string, d?: number) =>
  Type.Union([Type.Integer({ minimum: 1 }), Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 2 })], {
    description,
    ...(d === undefined ? {} : { default: d }),
  });

/** tfjs's kernelSize/strides/poolSize from an int or a pair. */
export const tfPair = (v: number | number[]): number | [number, number] => (Array.isArray(v) ? [v[0]!, v[1]!] : v);

const paddingOf = <M extends string>(modes: M[]) =>
  Type.Unsafe<M>({ type: 'string', enum: modes, default: 'valid', description: 'border mode' });
/** No `causal` (Keras's conv1d has it): tfjs 4.22's conv1d throws 'not implemented yet' on it. */
export const padding = () => paddingOf<'valid' | 'same'>(['valid', 'same']);

export function tfRegularizer(tf: Tf, r: Regularizer | undefined): ReturnType<typeof TF.regularizers.l1l2> | undefined {
  if (r === undefined || r === null) return undefined;
  if (r === 'l1') return tf.regularizers.l1({ l1: 0.01 });
  if (r === 'l2') return tf.regularizers.l2({ l2: 0.01 });
  if (r === 'l1_l2') return tf.regularizers.l1l2({ l1: 0.01, l2: 0.01 });
  return tf.regularizers.l1l2({ l1: r.l1 ?? 0, l2: r.l2 ?? 0 });
}

/** The tfjs activation identifier for a Keras activation name (registers custom ones). */
export function tfActivation(tf: Tf, name: string): any {
  const e = activations.get(name);
  if (!e) throw new Error(`unknown activation ${name}`);
  return e.build(tf, {});
}

export const weightParams = (kernel = 'glorot_uniform') => ({
  use_bias: Type.Boolean({ default: true, description: 'add a bias vector' }),
  kernel_initializer: initializer(kernel),
  bias_initializer: initializer('zeros'),
  kernel_regularizer: Type.Optional(regularizer()),
  bias_regularizer: Type.Optional(regularizer()),
  activity_regularizer: Type.Optional(regularizer()),
});
type Weights = Static<ReturnType<typeof Type.Object<ReturnType<typeof weightParams>>>> & { recurrent_initializer?: string };

/** The weight options every weighted layer shares, in tfjs's names. */
export function weightOptions(tf: Tf, p: Weights): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.kernel_initializer) out.kernelInitializer = INITIALIZERS[p.kernel_initializer];
  if (p.bias_initializer) out.biasInitializer = INITIALIZERS[p.bias_initializer];
  if (p.recurrent_initializer) out.recurrentInitializer = INITIALIZERS[p.recurrent_initializer];
  if (p.kernel_regularizer) out.kernelRegularizer = tfRegularizer(tf, p.kernel_regularizer);
  if (p.bias_regularizer) out.biasRegularizer = tfRegularizer(tf, p.bias_regularizer);
  if (p.activity_regularizer) out.activityRegularizer = tfRegularizer(tf, p.activity_regularizer);
  if (p.use_bias !== undefined) out.useBias = p.use_bias;
  return out;
}
