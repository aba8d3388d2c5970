/**
 * The fused network's ops, built from a Sequential stack by following its
 * shape (load/layer-shapes.ts, Keras's rules): dense (also over the last axis
 * of a rank > 1 input, and, with patches, a convolution), activation,
 * dropout and max pooling. Flatten and reshape add no op: a stage's rows are
 * row-major, which is what both produce.
 */
import { activations } from '../../registry/activations/index.js';
import { layers } from '../../registry/layers/index.js';
import type { LayerSpec } from '../../schema/experiment.js';
import { shapeSize } from '../../registry/layers/shape.js';
import { f32 } from '../../registry/fused/math.js';
import { geometry, patchSize, positions, type Geometry } from './conv.js';
import { penalty, type Penalty } from './regularize.js';
import type { FusedActivation } from '../../registry/fused/types.js';

export interface DenseOp {
  kind: 'dense';
  /** Values per row in and out. */
  inW: number;
  outW: number;
  /** The product per position: [I] -> [U], at `positions` places per row (1 for a flat dense layer). */
  I: number;
  U: number;
  positions: number;
  /** A convolution's patches (im2col), null for a dense layer. */
  patches: Geometry | null;
  /** Offsets into the parameter vector; bias -1 without one. */
  kernel: number;
  bias: number;
  kernelPenalty: Penalty | null;
  biasPenalty: Penalty | null;
}
export interface ActivationOp {
  kind: 'activation';
  width: number;
  /** The last axis: softmax works per run of this many values. */
  axis: number;
  f: FusedActivation;
}
export interface DropoutOp {
  kind: 'dropout';
  width: number;
  keep: number;
  scale: number;
  mask: Float32Array;
}
export interface PoolOp {
  kind: 'pool';
  inW: number;
  outW: number;
  g: Geometry;
  /** Where each output came from, for the backward pass. */
  arg: Int32Array;
}
export type Op = DenseOp | ActivationOp | DropoutOp | PoolOp;

/** Where a model layer's weights sit in the parameter vector. */
export interface WeightSlot {
  /** Index of the layer in the model (= in the experiment's `model` list). */
  layer: number;
  kernel: number;
  bias: number;
  /** The kernel's tfjs shape ([in, units], or [KH, KW, C, F] / [K, C, F]) and its bias length. */
  kernelShape: number[];
  units: number;
}

export interface Built {
  ops: Op[];
  slots: WeightSlot[];
  /** Parameters in all. */
  size: number;
  /** Values per row of each stage (the input, then each op's output). */
  widths: number[];
}

function activationOp(name: string | undefined, shape: number[]): ActivationOp | null {
  const e = activations.get(name ?? 'linear');
  if (!e?.fused) throw new Error(`the fused engine has no activation ${String(name)}`);
  if (e.name === 'linear') return null; // identity: no op
  return { kind: 'activation', width: shapeSize(shape), axis: shape[shape.length - 1]!, f: e.fused };
}

function weighted(spec: LayerSpec, shape: number[], out: number[], size: number, conv: boolean): DenseOp {
  const useBias = spec.use_bias !== false;
  const patches = conv ? geometry(shape, spec.kernel_size, spec.strides, (spec.padding as string | undefined) ?? 'valid', 1) : null;
  const U = out[out.length - 1]!;
  const I = patches ? patchSize(patches) : shape[shape.length - 1]!;
  return {
    kind: 'dense', inW: shapeSize(shape), outW: shapeSize(out), I, U,
    positions: patches ? positions(patches) : shapeSize(shape) / I, patches,
    kernel: size, bias: useBias ? size + I * U : -1,
    kernelPenalty: penalty(spec.kernel_regularizer), biasPenalty: useBias ? penalty(spec.bias_regularizer) : null,
  };
}

/** The ops of `specs` over rows of shape `input`, with buffers (masks, argmax) for `capacity` rows. */
export function buildOps(specs: LayerSpec[], input: number[], capacity: number): Built {
  const built: Built = { ops: [], slots: [], size: 0, widths: [shapeSize(input)] };
  const push = (op: Op | null, width: number) => {
    if (!op) return;
    built.ops.push(op);
    built.widths.push(width);
  };
  let shape = input;
  specs.forEach((spec, layer) => {
    const entry = layers.get(spec.type);
    const kind = entry?.fused;
    const r = entry ? entry.shape(shape, spec) : { ok: true as const, out: shape, params: 0 };
    if (!r.ok) throw new Error(`the fused engine cannot run layer ${layer + 1} (${spec.type}): ${r.message}`);
    const out = r.out;
    if (kind === 'dense' || kind === 'conv') {
      const op = weighted(spec, shape, out, built.size, kind === 'conv');
      const kernelShape = op.patches ? [...(shape.length === 3 ? [op.patches.KH] : []), op.patches.KW, op.patches.C, op.U] : [op.I, op.U];
      built.slots.push({ layer, kernel: op.kernel, bias: op.bias, kernelShape, units: op.U });
      built.size += op.I * op.U + (op.bias >= 0 ? op.U : 0);
      push(op, op.outW);
      push(activationOp(spec.activation as string | undefined, out), op.outW);
    } else if (kind === 'activation') {
      push(activationOp(spec.activation as string | undefined, out), shapeSize(out));
    } else if (kind === 'dropout') {
      const rate = spec.rate as number;
      const width = shapeSize(out);
      // tfjs-layers applies dropout only for 0 < rate < 1
      if (rate > 0 && rate < 1) {
        const keep = f32(1 - rate);
        push({ kind: 'dropout', width, keep, scale: f32(1 / keep), mask: new Float32Array(capacity * width) }, width);
      }
    } else if (kind === 'pool') {
      const g = geometry(shape, spec.pool_size, spec.strides, (spec.padding as string | undefined) ?? 'valid', 2);
      const outW = shapeSize(out);
      push({ kind: 'pool', inW: shapeSize(shape), outW, g, arg: new Int32Array(capacity * outW) }, outW);
    } else if (kind !== 'reshape') {
      throw new Error(`the fused engine cannot run layer ${spec.type}`);
    }
    shape = out;
  });
  return built;
}

/**
 * For each op, the id (fused.wasm.id) of the wasm activation right after it when it is a dense
 * layer that is not a convolution: the two run in one kernel call each way; 0 otherwise.
 */
export function pairedActivations(ops: Op[]): number[] {
  return ops.map((op, i) => {
    const next = ops[i + 1];
    return op.kind === 'dense' && !op.patches && next?.kind === 'activation' ? next.f.wasm?.id ?? 0 : 0;
  });
}
