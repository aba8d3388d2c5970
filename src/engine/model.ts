/** Builds a tf.Sequential from a resolved experiment through the layer registry. */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../registry/entry.js';
import { layers } from '../registry/layers/index.js';
import type { LayerSpec } from '../schema/experiment.js';

export function inputShapeOf(first: LayerSpec, features: number): number[] {
  if (Array.isArray(first.input_shape)) return first.input_shape as number[];
  const e = layers.get(first.type)!;
  if (e.takesInputDim && typeof first.input_dim === 'number') return [first.input_dim];
  return [features];
}

/**
 * Call with Math.random seeded (see withRandom): unseeded initializers draw
 * from it. Layers without a `name` get Keras-style `dense_1`, `dropout_2`
 * (by position), not tfjs's per-process counter, so saved models are the same
 * whichever process or worker trained them.
 */
export function buildModel(tf: Tf, specs: LayerSpec[], features: number): TF.Sequential {
  const model = tf.sequential({ name: 'sequential' });
  specs.forEach((spec, i) => {
    const e = layers.get(spec.type)!;
    const named = spec.name ? spec : { ...spec, name: `${e.name}_${i + 1}` };
    model.add(e.build(tf, named, i === 0 ? inputShapeOf(spec, features) : undefined));
  });
  return model;
}

/**
 * The rows (always [n, features]) in the model's input shape: a first layer with input_shape
 * [8, 8, 1] gets [n, 8, 8, 1] (the features read row-major, channels last, as the fused engine does).
 */
export function asModelInput(tf: Tf, model: TF.Sequential, rows: TF.Tensor): TF.Tensor {
  const shape = model.inputs[0]!.shape;
  return shape.length > 2 ? tf.reshape(rows, [-1, ...(shape.slice(1) as number[])]) : rows;
}
