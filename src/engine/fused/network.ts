/**
 * A Sequential stack of dense, convolution, pooling, activation, dropout,
 * flatten and reshape layers (ops.ts) compiled to
 * typed arrays: one flat float32 parameter vector (the tfjs weights in
 * order, kernel [in, units] row-major then bias, layer by layer), per-stage
 * activation and gradient buffers sized for the largest batch, all in one
 * WebAssembly memory, where the dense products run (kernels/dense.ts: f32x4
 * SIMD, float32 sums in a fixed order), and so do the activations whose
 * registry entry has a kernel (fused.wasm: tanh, relu; after a dense layer, in
 * the same call as its product), and the losses that have a kernel form
 * (fusedWasm: hinge) and accuracy for ±1 and 0/1 labels, on a batch's labels
 * kept here too. Other activations, losses and penalties run in JS on the
 * same arrays.
 *
 * Numerics: float32 storage and arithmetic like tfjs, but not tfjs-cpu's
 * blocked float64 rounding: results agree with the tfjs engine to a
 * tolerance (test/fused-parity.test.ts), and each engine is bit-for-bit
 * reproducible on its own.
 */
import type { Rng } from '../../data/types.js';
import type { ElementKernels } from '../../registry/fused/types.js';
import type { LayerSpec } from '../../schema/experiment.js';
import { f32 } from '../../registry/fused/math.js';
import { col2im, im2col, maxPoolBackward, maxPoolForward } from './conv.js';
import { buildOps, pairedActivations, type DenseOp, type Op, type WeightSlot } from './ops.js';
import { dropoutForward, penaltyGrad, penaltyValue } from './regularize.js';
import { denseKernels, ensureMemory, releaseKernels, type DenseKernels } from './wasm.js';

export type { WeightSlot } from './ops.js';

export class FusedNetwork {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly slots: WeightSlot[];
  readonly inW: number;
  readonly outW: number;
  /** Rows the buffers hold. */
  readonly capacity: number;
  /** Zeroed parameter-sized arrays in the kernels' memory for the optimizer's state (ctx.wasm.state). */
  readonly state: Float32Array[];
  /** A batch's labels (capacity rows of the label width), in the kernels' memory so the loss and metric kernels read them. */
  readonly labels: Float32Array;
  private readonly ops: Op[];
  /** acts[i] is op i's input, acts[ops.length] the output. */
  private readonly acts: Float32Array[];
  /** deltas[i] = dLoss/d acts[i], where some op before i has parameters. */
  private readonly deltas: (Float32Array | null)[];
  /** A convolution's patches (im2col), by op index; its patch gradients reuse the buffer. */
  private readonly cols: (Float32Array | null)[];
  private readonly firstParam: number;
  /** By op index: pairedActivations(ops), computed once rather than per step. */
  private readonly paired: number[];
  private readonly penalised: boolean;

  /** The dense products in WebAssembly (wasm.ts); the arrays above are views on its memory. */
  private readonly wasm: DenseKernels;
  /** Byte offsets of params, grads, acts[i], deltas[i], cols[i] and the kernels' scratch in the wasm memory. */
  private readonly at = { params: 0, grads: 0, acts: [] as number[], deltas: [] as number[], cols: [] as number[], scratch: 0 };

  /**
   * `inputShape`: one row's shape without the batch axis (the first layer's input_shape);
   * `stateSlots`: how many parameter-sized optimizer state arrays to keep in the kernels' memory;
   * `labelWidth`: the labels' values per row (the `labels` buffer's width).
   */
  constructor(specs: LayerSpec[], inputShape: number[], capacity: number, stateSlots = 0, labelWidth = 0) {
    const built = buildOps(specs, inputShape, capacity);
    this.ops = built.ops;
    this.slots = built.slots;
    this.inW = built.widths[0]!;
    this.outW = built.widths[built.widths.length - 1]!;
    this.capacity = capacity;
    this.firstParam = this.ops.findIndex((o) => o.kind === 'dense');
    this.paired = pairedActivations(this.ops);
    this.wasm = denseKernels();
    const views = this.layout(built.size, built.widths, stateSlots, capacity * labelWidth);
    this.params = views.params;
    this.grads = views.grads;
    this.acts = views.acts;
    this.deltas = views.deltas;
    this.cols = views.cols;
    this.state = views.state;
    this.labels = views.labels;
    this.penalised = this.ops.some((o) => o.kind === 'dense' && (o.kernelPenalty || o.biasPenalty));
  }

  /**
   * Lays out one block of float32 storage in the wasm memory: params, grads, each stage's
   * activations and gradients, each convolution's patches, then the kernels' scratch (packed
   * panels) for the largest product, then the optimizer's state, then a batch's labels. Every
   * array starts on 16 bytes, the f32x4 alignment.
   */
  private layout(size: number, widths: number[], stateSlots: number, labelFloats: number) {
    const cap = this.capacity, k = this.wasm;
    let scratch = 0;
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      const I = op.I, U = op.U;
      scratch = Math.max(scratch, k.scratchFloats(U, I), k.scratchFloats(I, U), k.scratchFloats(U, cap * op.positions));
    }
    const cols = this.ops.map((o) => (o.kind === 'dense' && o.patches ? cap * o.positions * o.I : 0));
    const lengths = [size, size, ...widths.map((w) => cap * w), ...widths.map((w, i) => (i > this.firstParam ? cap * w : 0)), ...cols, scratch, ...Array<number>(stateSlots).fill(size), labelFloats];
    const offsets: number[] = [];
    let bytes = 0;
    for (const n of lengths) {
      offsets.push(bytes);
      bytes += Math.ceil(n / 4) * 16;
    }
    ensureMemory(k, bytes);
    const buffer = k.memory.buffer;
    const view = (i: number) => new Float32Array(buffer, offsets[i]!, lengths[i]!);
    const nw = widths.length, c0 = 2 + 2 * nw;
    this.at.params = offsets[0]!;
    this.at.grads = offsets[1]!;
    this.at.acts = widths.map((_, i) => offsets[2 + i]!);
    this.at.deltas = widths.map((_, i) => offsets[2 + nw + i]!);
    this.at.cols = cols.map((_, i) => offsets[c0 + i]!);
    this.at.scratch = offsets[c0 + cols.length]!;
    return {
      params: view(0), grads: view(1),
      acts: widths.map((_, i) => view(2 + i)),
      deltas: widths.map((_, i) => (i > this.firstParam ? view(2 + nw + i) : null)),
      cols: cols.map((n, i) => (n > 0 ? view(c0 + i) : null)),
      // pooled memory holds the last network's values
      state: Array.from({ length: stateSlots }, (_, i) => view(c0 + cols.length + 1 + i).fill(0)),
      labels: view(lengths.length - 1),
    };
  }

  /** Hands the wasm memory on to the next network; this one must not be used afterwards. */
  dispose(): void {
    releaseKernels(this.wasm);
  }

  /** The element-wise kernels over this network's memory (for the optimizer's ctx.wasm). */
  get kernels(): ElementKernels {
    return this.wasm;
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
        if (this.paired[i]) this.pairForward(op, i++, rows);
        else this.denseForward(op, i, rows);
      } else if (op.kind === 'activation') {
        if (op.f.wasm) op.f.wasm.forward(this.wasm, x, y, rows * op.width);
        else op.f.forward(x, y, rows * op.width, op.axis);
      }
      else if (op.kind === 'pool') maxPoolForward(op.g, x, y, op.arg, rows);
      else if (training) dropoutForward(op.keep, op.scale, op.mask, x, y, rows * op.width, rng!);
      else for (let k = 0, n = rows * op.width; k < n; k++) y[k] = x[k]!;
    }
    return this.output;
  }

  private denseForward(op: DenseOp, i: number, rows: number): void {
    const at = this.at;
    const cols = this.cols[i];
    if (cols) im2col(op.patches!, this.acts[i]!, cols, rows);
    const x = cols ? at.cols[i]! : at.acts[i]!;
    this.wasm.dense_forward(x, at.params + 4 * op.kernel, op.bias >= 0 ? at.params + 4 * op.bias : 0, at.acts[i + 1]!, rows * op.positions, op.I, op.U, at.scratch);
  }

  /** Dense op `i` and the activation op after it, in one kernel call: acts[i + 1] = x W + b, acts[i + 2] = act(acts[i + 1]). */
  private pairForward(op: DenseOp, i: number, rows: number): void {
    const at = this.at;
    this.wasm.dense_forward_act(at.acts[i]!, at.params + 4 * op.kernel, op.bias >= 0 ? at.params + 4 * op.bias : 0, at.acts[i + 1]!, rows * op.positions, op.I, op.U, at.scratch, this.paired[i]!, at.acts[i + 2]!);
  }

  /** Activation op `a` and the dense op before it, backwards in one kernel call (denseBackward's products after the activation's). */
  private pairBackward(op: DenseOp, act: number, a: number, rows: number): void {
    const at = this.at, d = a - 1;
    this.wasm.dense_backward_act(act, at.acts[a]!, at.acts[a + 1]!, at.deltas[a + 1]!, at.deltas[a]!, at.acts[d]!, at.params + 4 * op.kernel,
      at.grads + 4 * op.kernel, op.bias >= 0 ? at.grads + 4 * op.bias : 0, this.deltas[d] ? at.deltas[d]! : 0, rows * op.positions, op.I, op.U, at.scratch);
  }

  /** Backward pass from `outputGrad` (after a training `forward`); fills `grads`, penalties included. */
  backward(rows: number): void {
    for (let i = this.ops.length - 1; i >= this.firstParam; i--) {
      const op = this.ops[i]!;
      const x = this.acts[i]!;
      const dy = this.deltas[i + 1]!;
      const dx = this.deltas[i];
      if (op.kind === 'dense') this.denseBackward(op, i, rows, dx !== null);
      else if (op.kind === 'activation') {
        if (this.paired[i - 1]) this.pairBackward(this.ops[i - 1] as DenseOp, op.f.wasm!.id, i--, rows);
        else if (op.f.wasm) op.f.wasm.backward(this.wasm, x, this.acts[i + 1]!, dy, dx!, rows * op.width);
        else op.f.backward(x, this.acts[i + 1]!, dy, dx!, rows * op.width, op.axis);
      }
      else if (op.kind === 'pool') maxPoolBackward(op.g, dy, dx!, op.arg, rows);
      else {
        const m = op.mask;
        for (let k = 0, n = rows * op.width; k < n; k++) dx![k] = dy[k]! * m[k]!;
      }
    }
    if (this.penalised) this.penaltyGrads();
  }

  /** Weight, bias and (when `input`) input gradients; a convolution's patch gradients overwrite its patches. */
  private denseBackward(op: DenseOp, i: number, rows: number, input: boolean): void {
    const w = this.wasm, at = this.at, I = op.I, U = op.U, n = rows * op.positions;
    const cols = this.cols[i];
    const x = cols ? at.cols[i]! : at.acts[i]!;
    w.dense_kernel_grad(x, at.deltas[i + 1]!, at.grads + 4 * op.kernel, n, I, U, at.scratch);
    if (op.bias >= 0) w.dense_bias_grad(at.deltas[i + 1]!, at.grads + 4 * op.bias, n, U);
    if (!input) return;
    w.dense_input_grad(at.deltas[i + 1]!, at.params + 4 * op.kernel, cols ? at.cols[i]! : at.deltas[i]!, n, I, U, at.scratch);
    if (cols) col2im(op.patches!, cols, this.deltas[i]!, rows);
  }

  /** The weight penalties' sum (tfjs's model.calculateLosses()), 0 without any. */
  penalties(): number {
    if (!this.penalised) return 0;
    const P = this.params;
    let total = 0;
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      if (op.kernelPenalty) total += f32(penaltyValue(P, op.kernel, op.I * op.U, op.kernelPenalty));
      if (op.biasPenalty) total += f32(penaltyValue(P, op.bias, op.U, op.biasPenalty));
    }
    return f32(total);
  }

  private penaltyGrads(): void {
    for (const op of this.ops) {
      if (op.kind !== 'dense') continue;
      if (op.kernelPenalty) penaltyGrad(this.params, this.grads, op.kernel, op.I * op.U, op.kernelPenalty);
      if (op.biasPenalty) penaltyGrad(this.params, this.grads, op.bias, op.U, op.biasPenalty);
    }
  }
}
