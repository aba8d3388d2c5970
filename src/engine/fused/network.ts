/**
 * A Sequential stack of dense, activation and dropout layers compiled to
 * typed arrays: one flat float32 parameter vector (the tfjs weights in
 * order, kernel [in, units] row-major then bias, layer by layer), per-stage
 * activation and gradient buffers sized for the largest batch, and forward /
 * backward passes that do what tfjs's ops do, with its rounding points:
 *
 * - matMul sums products in float64 in blocks of 48 along the shared axis
 *   and rounds each block's sum into the float32 result, as tfjs's cpu
 *   BatchMatMul does; the bias is added after that rounding;
 * - reductions over the batch (bias gradients) sum in float64 and round once;
 * - everything stored is float32.
 *
 * Dropout follows tf.dropout exactly: per call, one draw from the run's
 * generator seeds an alea stream (`Math.random().toString()`, which is what
 * tfjs does while train.ts has Math.random swapped for the generator), one
 * uniform per element, keep = floor(u + keepProb), scaled by 1/keepProb.
 */
import seedrandom from 'seedrandom';
import type { Rng } from '../../data/types.js';
import { activations } from '../../registry/activations.js';
import { layers } from '../../registry/layers.js';
import type { LayerSpec } from '../../schema/experiment.js';
import { absGradSign, f32 } from './math.js';
import type { FusedActivation } from './types.js';
import { denseKernels, releaseKernels, type DenseKernels } from './wasm.js';

/** tfjs cpu BatchMatMul's block size along the shared axis. */
const BLOCK = 48;

interface Penalty {
  l1: number;
  l2: number;
}

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

/** The penalty a regularizer spec stands for, as layer-params.ts's tfRegularizer builds it. */
function penalty(r: unknown): Penalty | null {
  if (r === undefined || r === null) return null;
  const p = r === 'l1' ? { l1: 0.01, l2: 0 } : r === 'l2' ? { l1: 0, l2: 0.01 } : r === 'l1_l2' ? { l1: 0.01, l2: 0.01 }
    : { l1: (r as Penalty).l1 ?? 0, l2: (r as Penalty).l2 ?? 0 };
  return p.l1 === 0 && p.l2 === 0 ? null : { l1: f32(p.l1), l2: f32(p.l2) };
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

  /** The dense products in WebAssembly (wasm.ts), or null for the JS kernels below. */
  private readonly wasm: DenseKernels | null;
  /** Byte offsets of params, grads, acts[i] and deltas[i] in the wasm memory. */
  private readonly at = { params: 0, grads: 0, acts: [] as number[], deltas: [] as number[] };

  /** `wasm: false` runs the JS kernels (the reference the tests compare the wasm ones with). */
  constructor(specs: LayerSpec[], inputWidth: number, capacity: number, opts: { wasm?: boolean } = {}) {
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
    // One block of float32 storage: params, grads, then each stage's activations and gradients.
    const lengths = [size, size, ...widths.map((w) => capacity * w), ...widths.map((w, i) => (i > this.firstParam ? capacity * w : 0))];
    const offsets: number[] = [];
    let bytes = 0;
    for (const n of lengths) {
      offsets.push(bytes);
      bytes += n * 4;
    }
    this.wasm = opts.wasm === false ? null : denseKernels(bytes);
    const buffer = this.wasm ? this.wasm.memory.buffer : new ArrayBuffer(bytes);
    const view = (i: number) => new Float32Array(buffer, offsets[i]!, lengths[i]!);
    const nw = widths.length;
    this.params = view(0);
    this.grads = view(1);
    this.acts = widths.map((_, i) => view(2 + i));
    this.deltas = widths.map((_, i) => (i > this.firstParam ? view(2 + nw + i) : null));
    this.at.params = offsets[0]!;
    this.at.grads = offsets[1]!;
    this.at.acts = widths.map((_, i) => offsets[2 + i]!);
    this.at.deltas = widths.map((_, i) => offsets[2 + nw + i]!);
    this.penalised = this.ops.some((o) => o.kind === 'dense' && (o.kernelPenalty || o.biasPenalty));
  }

  /** Hands the wasm memory on to the next network; this one must not be used afterwards. */
  dispose(): void {
    if (this.wasm) releaseKernels(this.wasm);
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
    const P = this.params;
    for (let i = 0; i < this.ops.length; i++) {
      const op = this.ops[i]!;
      const x = this.acts[i]!;
      const y = this.acts[i + 1]!;
      if (op.kind === 'dense') {
        if (this.wasm) {
          const hasBias = op.bias >= 0;
          this.wasm.dense_forward(this.at.acts[i]!, this.at.params + 4 * op.kernel, hasBias ? this.at.params + 4 * op.bias : 0, this.at.acts[i + 1]!, rows, op.inW, op.outW, hasBias ? 1 : 0);
        } else denseForward(P, op, x, y, rows);
      }
      else if (op.kind === 'activation') op.f.forward(x, y, rows * op.width, op.width);
      else if (training) dropoutForward(op, x, y, rows * op.width, rng!);
      else for (let k = 0, n = rows * op.width; k < n; k++) y[k] = x[k]!;
    }
    return this.output;
  }

  /** Backward pass from `outputGrad` (after a training `forward`); fills `grads`, penalties included. */
  backward(rows: number): void {
    const P = this.params;
    const G = this.grads;
    for (let i = this.ops.length - 1; i >= this.firstParam; i--) {
      const op = this.ops[i]!;
      const x = this.acts[i]!;
      const dy = this.deltas[i + 1]!;
      const dx = this.deltas[i];
      if (op.kind === 'dense') {
        if (this.wasm) {
          const w = this.wasm, at = this.at, I = op.inW, U = op.outW;
          w.dense_kernel_grad(at.acts[i]!, at.deltas[i + 1]!, at.grads + 4 * op.kernel, rows, I, U);
          if (op.bias >= 0) w.dense_bias_grad(at.deltas[i + 1]!, at.grads + 4 * op.bias, rows, U);
          if (dx) w.dense_input_grad(at.deltas[i + 1]!, at.params + 4 * op.kernel, at.deltas[i]!, rows, I, U);
        } else denseBackward(P, G, op, x, dy, dx, rows);
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

function denseForward(P: Float32Array, op: DenseOp, x: Float32Array, y: Float32Array, rows: number): void {
  const I = op.inW, U = op.outW, w0 = op.kernel, b0 = op.bias;
  if (I > BLOCK) return denseForwardBlocked(P, op, x, y, rows);
  for (let r = 0; r < rows; r++) {
    const xo = r * I, yo = r * U;
    for (let j = 0; j < U; j++) {
      let s = 0;
      for (let k = 0, wk = w0 + j; k < I; k++, wk += U) s += x[xo + k]! * P[wk]!;
      y[yo + j] = b0 >= 0 ? f32(s) + P[b0 + j]! : s;
    }
  }
}

/** The same for inputs wider than one block: each block's sum is rounded into the float32 result. */
function denseForwardBlocked(P: Float32Array, op: DenseOp, x: Float32Array, y: Float32Array, rows: number): void {
  const I = op.inW, U = op.outW, w0 = op.kernel, b0 = op.bias;
  for (let r = 0; r < rows; r++) {
    const xo = r * I, yo = r * U;
    for (let j = 0; j < U; j++) {
      let acc = 0;
      for (let k0 = 0; k0 < I; k0 += BLOCK) {
        const k1 = k0 + BLOCK < I ? k0 + BLOCK : I;
        let s = 0;
        for (let k = k0, wk = w0 + k0 * U + j; k < k1; k++, wk += U) s += x[xo + k]! * P[wk]!;
        acc = f32(acc + s);
      }
      y[yo + j] = b0 >= 0 ? acc + P[b0 + j]! : acc;
    }
  }
}

function denseBackward(P: Float32Array, G: Float32Array, op: DenseOp, x: Float32Array, dy: Float32Array, dx: Float32Array | null, rows: number): void {
  const I = op.inW, U = op.outW, w0 = op.kernel, b0 = op.bias;
  // dW = x^T dy (shared axis: the batch)
  if (rows <= BLOCK) {
    for (let k = 0; k < I; k++) {
      for (let j = 0; j < U; j++) {
        let s = 0;
        for (let r = 0, xi = k, yi = j; r < rows; r++, xi += I, yi += U) s += x[xi]! * dy[yi]!;
        G[w0 + k * U + j] = s;
      }
    }
  } else {
    for (let k = 0; k < I; k++) {
      for (let j = 0; j < U; j++) {
        let acc = 0;
        for (let r0 = 0; r0 < rows; r0 += BLOCK) {
          const r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
          let s = 0;
          for (let r = r0, xi = r0 * I + k, yi = r0 * U + j; r < r1; r++, xi += I, yi += U) s += x[xi]! * dy[yi]!;
          acc = f32(acc + s);
        }
        G[w0 + k * U + j] = acc;
      }
    }
  }
  if (b0 >= 0) {
    for (let j = 0; j < U; j++) {
      let s = 0;
      for (let r = 0, yi = j; r < rows; r++, yi += U) s += dy[yi]!;
      G[b0 + j] = s;
    }
  }
  if (dx) denseInputGrad(P, op, dy, dx, rows);
}

/** dx = dy W^T (shared axis: the units). */
function denseInputGrad(P: Float32Array, op: DenseOp, dy: Float32Array, dx: Float32Array, rows: number): void {
  const I = op.inW, U = op.outW, w0 = op.kernel;
  for (let r = 0; r < rows; r++) {
    const yo = r * U, xo = r * I;
    for (let k = 0; k < I; k++) {
      const wk = w0 + k * U;
      let acc = 0;
      for (let j0 = 0; j0 < U; j0 += BLOCK) {
        const j1 = j0 + BLOCK < U ? j0 + BLOCK : U;
        let s = 0;
        for (let j = j0; j < j1; j++) s += dy[yo + j]! * P[wk + j]!;
        acc = f32(acc + s);
      }
      dx[xo + k] = acc;
    }
  }
}

function dropoutForward(op: DropoutOp, x: Float32Array, y: Float32Array, n: number, rng: Rng): void {
  const random = seedrandom.alea(rng().toString());
  const m = op.mask, keep = op.keep, scale = op.scale;
  for (let i = 0; i < n; i++) {
    const k = Math.floor(f32(f32(random()) + keep)) > 0 ? scale : 0;
    m[i] = k;
    y[i] = x[i]! * k;
  }
}

function penaltyValue(P: Float32Array, at: number, n: number, p: Penalty): number {
  let a = 0, b = 0;
  for (let i = at; i < at + n; i++) {
    const w = P[i]!;
    a += f32(p.l1 * Math.abs(w));
    b += f32(p.l2 * f32(w * w));
  }
  return (p.l1 !== 0 ? f32(a) : 0) + (p.l2 !== 0 ? f32(b) : 0);
}

/** d(l1 |w| + l2 w^2)/dw with tfjs's |w|' = -1 at 0. */
function penaltyGrad(P: Float32Array, G: Float32Array, at: number, n: number, p: Penalty): void {
  const { l1, l2 } = p;
  for (let i = at; i < at + n; i++) {
    const w = P[i]!;
    G[i] = G[i]! + (l1 !== 0 ? l1 * absGradSign(w) : 0) + (l2 !== 0 ? f32(2 * f32(l2 * w)) : 0);
  }
}
