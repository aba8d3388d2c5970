/**
 * A Sequential stack of dense, activation and dropout layers compiled to
 * typed arrays: one flat float32 parameter vector (the tfjs weights in
 * order, kernel [in, units] row-major then bias, layer by layer), per-stage
 * activation and gradient buffers sized for the largest batch, all in one
 * WebAssembly memory, where the dense products run (kernels/dense.ts: f32x4
 * SIMD, float32 sums in a fixed order). Activations, losses and penalties
 * run in JS on the same arrays.
 *
 * Numerics: float32 storage and arithmetic like tfjs, but not tfjs-cpu's
 * blocked float64 rounding: results agree with the tfjs engine to a
 * tolerance (test/fused-parity.test.ts), and each engine is bit-for-bit
 * reproducible on its own.
 */
import type { Rng } from '../../data/types.js';
import { activations } from '../../registry/activations/index.js';
import { layers } from '../../registry/layers/index.js';
import type { LayerSpec } from '../../schema/experiment.js';
import { f32 } from '../../registry/fused/math.js';
import { dropoutForward, penalty, penaltyGrad, penaltyValue, type Penalty } from './regularize.js';
import type { FusedActivation } from '../../registry/fused/types.js';
import { denseKernels, ensureMemory, releaseKernels, type DenseKernels } from './wasm.js';

interface DenseOp {
  kind: 'dense';
  inW: number;
  outW: number;
  /** Offsets into the parameter vector; bias -1 without one. */
  kernel: number;
  bias: number;
  kernelPenalty: Penalty | null;
  biasPenalty: Penalty | null;
}
interface ActivationOp {
  kind: 'activation';
  width: number;
  f: FusedActivation;
}
interface DropoutOp {
  kind: 'dropout';
  width: number;
  keep: number;
  scale: number;
  mask: Float32Array;
}
type Op = DenseOp | ActivationOp | DropoutOp;

/** Where a model layer's weights sit in the parameter vector. */
export interface WeightSlot {
  /** Index of the layer in the model (= in the experiment's `model` list). */
  layer: number;
  kernel: number;
  bias: number;
  inW: number;
  outW: number;
}

export class FusedNetwork {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly slots: WeightSlot[] = [];
  readonly inW: number;
  readonly outW: number;
  /** Rows the buffers hold. */
  readonly capacity: number;
  private readonly ops: Op[] = [];
  /** acts[i] is op i's input, acts[ops.length] the output. */
  private readonly acts: Float32Array[];
  /** deltas[i] = dLoss/d acts[i], where some op before i has parameters. */
  private readonly deltas: (Float32Array | null)[];
  private readonly firstParam: number;
  private readonly penalised: boolean;

  /** The dense products in WebAssembly (wasm.ts); the arrays above are views on its memory. */
  private readonly wasm: DenseKernels;
  /** Byte offsets of params, grads, acts[i], deltas[i] and the kernels' scratch in the wasm memory. */
  private readonly at = { params: 0, grads: 0, acts: [] as number[], deltas: [] as number[], scratch: 0 };

  constructor(specs: LayerSpec[], inputWidth: number, capacity: number) {
    let width = inputWidth;
    let size = 0;
    const widths = [width];
    specs.forEach((spec, layer) => {
      const kind = layers.get(spec.type)?.fused;
      if (kind === 'dense') {
        const units = spec.units as number;
        const useBias = spec.use_bias !== false;
        const op: DenseOp = {
          kind: 'dense', inW: width, outW: units, kernel: size, bias: useBias ? size + width * units : -1,
          kernelPenalty: penalty(spec.kernel_regularizer), biasPenalty: useBias ? penalty(spec.bias_regularizer) : null,
        };
        this.slots.push({ layer, kernel: op.kernel, bias: op.bias, inW: width, outW: units });
        size += width * units + (useBias ? units : 0);
        this.ops.push(op);
        width = units;
        widths.push(width);
        this.pushActivation(spec.activation as string | undefined, width, widths);
      } else if (kind === 'activation') {
        this.pushActivation(spec.activation as string | undefined, width, widths);
      } else if (kind === 'dropout') {
        const rate = spec.rate as number;
        // tfjs-layers applies dropout only for 0 < rate < 1
        if (rate > 0 && rate < 1) {
          const keep = f32(1 - rate);
          this.ops.push({ kind: 'dropout', width, keep, scale: f32(1 / keep), mask: new Float32Array(capacity * width) });
          widths.push(width);
        }
      } else {
        throw new Error(`the fused engine cannot run layer ${spec.type}`);
      }
    });
    this.inW = inputWidth;
    this.outW = width;
    this.capacity = capacity;
    this.firstParam = this.ops.findIndex((o) => o.kind === 'dense');
    this.wasm = denseKernels();
    const views = this.layout(size, widths);
    this.params = views.params;
    this.grads = views.grads;
    this.acts = views.acts;
    this.deltas = views.deltas;
    this.penalised = this.ops.some((o) => o.kind === 'dense' && (o.kernelPenalty || o.biasPenalty));
  }

  /**
   * Lays out one block of float32 storage in the wasm memory: params, grads, each stage's
   * activations and gradients, then the kernels' scratch (packed panels) for the largest
   * product. Every array starts on 16 bytes, the f32x4 alignment.
   */
  private layout(size: number, widths: number[]) {
    const cap = this.capacity, k = this.wasm;
    let scratch = 0;
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      const I = op.inW, U = op.outW;
      scratch = Math.max(scratch, k.scratchFloats(U, I), k.scratchFloats(I, U), k.scratchFloats(U, cap));
    }
    const lengths = [size, size, ...widths.map((w) => cap * w), ...widths.map((w, i) => (i > this.firstParam ? cap * w : 0)), scratch];
    const offsets: number[] = [];
    let bytes = 0;
    for (const n of lengths) {
      offsets.push(bytes);
      bytes += Math.ceil(n / 4) * 16;
    }
    ensureMemory(k, bytes);
    const buffer = k.memory.buffer;
    const view = (i: number) => new Float32Array(buffer, offsets[i]!, lengths[i]!);
    const nw = widths.length;
    this.at.params = offsets[0]!;
    this.at.grads = offsets[1]!;
    this.at.acts = widths.map((_, i) => offsets[2 + i]!);
    this.at.deltas = widths.map((_, i) => offsets[2 + nw + i]!);
    this.at.scratch = offsets[2 + 2 * nw]!;
    return {
      params: view(0), grads: view(1),
      acts: widths.map((_, i) => view(2 + i)),
      deltas: widths.map((_, i) => (i > this.firstParam ? view(2 + nw + i) : null)),
    };
  }

  /** Hands the wasm memory on to the next network; this one must not be used afterwards. */
  dispose(): void {
    releaseKernels(this.wasm);
  }

  private pushActivation(name: string | undefined, width: number, widths: number[]): void {
    const e = activations.get(name ?? 'linear');
    if (!e?.fused) throw new Error(`the fused engine has no activation ${String(name)}`);
    if (e.name === 'linear') return; // identity: no op
    this.ops.push({ kind: 'activation', width, f: e.fused });
    widths.push(width);
  }

  /** The buffer the caller fills with `rows` input rows before `forward`. */
  get input(): Float32Array {
    return this.acts[0]!;
  }

  /** The predictions after `forward`. */
  get output(): Float32Array {
    return this.acts[this.ops.length]!;
  }

  /** Where the caller writes dLoss/dOutput before `backward`. */
  get outputGrad(): Float32Array {
    return this.deltas[this.ops.length]!;
  }

  /** Forward pass over the first `rows` rows of `input`; dropout draws from `rng` when training. */
  forward(rows: number, training: boolean, rng: Rng | null): Float32Array {
    for (let i = 0; i < this.ops.length; i++) {
      const op = this.ops[i]!;
      const x = this.acts[i]!;
      const y = this.acts[i + 1]!;
      if (op.kind === 'dense') {
        const at = this.at;
        this.wasm.dense_forward(at.acts[i]!, at.params + 4 * op.kernel, op.bias >= 0 ? at.params + 4 * op.bias : 0, at.acts[i + 1]!, rows, op.inW, op.outW, at.scratch);
      }
      else if (op.kind === 'activation') op.f.forward(x, y, rows * op.width, op.width);
      else if (training) dropoutForward(op.keep, op.scale, op.mask, x, y, rows * op.width, rng!);
      else for (let k = 0, n = rows * op.width; k < n; k++) y[k] = x[k]!;
    }
    return this.output;
  }

  /** Backward pass from `outputGrad` (after a training `forward`); fills `grads`, penalties included. */
  backward(rows: number): void {
    for (let i = this.ops.length - 1; i >= this.firstParam; i--) {
      const op = this.ops[i]!;
      const x = this.acts[i]!;
      const dy = this.deltas[i + 1]!;
      const dx = this.deltas[i];
      if (op.kind === 'dense') {
        const w = this.wasm, at = this.at, I = op.inW, U = op.outW;
        w.dense_kernel_grad(at.acts[i]!, at.deltas[i + 1]!, at.grads + 4 * op.kernel, rows, I, U, at.scratch);
        if (op.bias >= 0) w.dense_bias_grad(at.deltas[i + 1]!, at.grads + 4 * op.bias, rows, U);
        if (dx) w.dense_input_grad(at.deltas[i + 1]!, at.params + 4 * op.kernel, at.deltas[i]!, rows, I, U, at.scratch);
      }
      else if (op.kind === 'activation') op.f.backward(x, this.acts[i + 1]!, dy, dx!, rows * op.width, op.width);
      else {
        const m = op.mask;
        for (let k = 0, n = rows * op.width; k < n; k++) dx![k] = dy[k]! * m[k]!;
      }
    }
    if (this.penalised) this.penaltyGrads();
  }

  /** The weight penalties' sum (tfjs's model.calculateLosses()), 0 without any. */
  penalties(): number {
    if (!this.penalised) return 0;
    const P = this.params;
    let total = 0;
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      if (op.kernelPenalty) total += f32(penaltyValue(P, op.kernel, op.inW * op.outW, op.kernelPenalty));
      if (op.biasPenalty) total += f32(penaltyValue(P, op.bias, op.outW, op.biasPenalty));
    }
    return f32(total);
  }

  private penaltyGrads(): void {
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      if (op.kernelPenalty) penaltyGrad(this.params, this.grads, op.kernel, op.inW * op.outW, op.kernelPenalty);
      if (op.biasPenalty) penaltyGrad(this.params, this.grads, op.bias, op.outW, op.biasPenalty);
    }
  }
}

