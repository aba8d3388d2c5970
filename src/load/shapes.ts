/**
 * Shape inference at validation: follows the data's shape through the
 * model, so a reshape that cannot hold its input or a kernel larger than its
 * input is an issue at the layer, not a tfjs stack trace at run time. Also
 * counts the parameters and the activations, which bounds.ts turns into a
 * memory estimate.
 */
import { issue, type Issue, type PathSeg } from './issues.js';
import { layers } from '../registry/layers/index.js';
import { shapeSize, shapeString, type Shape } from '../registry/layers/shape.js';
import type { ResolvedExperiment } from './resolve.js';
import type { Locator } from './schema-check.js';

export interface ModelSize {
  /** Trainable and non-trainable parameters of the whole model. */
  params: number;
  /** The layer with the most parameters, and its count. */
  largest: { index: number; params: number };
  /** Values each row produces across all layers (the activations kept for backprop). */
  activationsPerRow: number;
  output: Shape;
}

/** The first layer's input shape, as the engine builds it (engine/model.ts inputShapeOf). */
function inputShape(first: ResolvedExperiment['model'][number], features: number): Shape {
  if (Array.isArray(first.input_shape)) return first.input_shape as number[];
  if (first.type === 'embedding') return [(first.input_length as number | undefined) ?? features];
  if (typeof first.input_dim === 'number') return [first.input_dim];
  return [features];
}

export function inferShapes(x: ResolvedExperiment, features: number, locateAt: Locator): { issues: Issue[]; size: ModelSize | null } {
  const issues: Issue[] = [];
  let shape = inputShape(x.model[0]!, features);
  const size: ModelSize = { params: 0, largest: { index: 0, params: 0 }, activationsPerRow: shapeSize(shape), output: shape };
  for (let i = 0; i < x.model.length; i++) {
    const layer = x.model[i]!;
    const e = layers.get(layer.type);
    if (!e) continue;
    const r = e.shape(shape, layer);
    if (!r.ok) {
      const path: PathSeg[] = ['model', i, r.param ?? 'type'];
      issues.push(issue('shape-mismatch', { ...locateAt(path, 'value'), path: path.join('.') }, `layer ${i}: ${r.message}`, r.hint));
      return { issues, size: null };
    }
    shape = r.out;
    size.params += r.params;
    if (r.params > size.largest.params) size.largest = { index: i, params: r.params };
    size.activationsPerRow += shapeSize(shape);
  }
  size.output = shape;
  if (shape.length !== 1) {
    const last = x.model.length - 1;
    const path: PathSeg[] = ['model', last, 'type'];
    issues.push(issue('shape-mismatch', { ...locateAt(path, 'value'), path: path.join('.') },
      `the model's output has shape ${shapeString(shape)}; the labels need one value per unit`, 'add a flatten layer (or return_sequences: false) before the output layer'));
    return { issues, size: null };
  }
  return { issues, size };
}
