/**
 * The fused training loop's per-batch work (train.ts drives it): gathering a
 * shuffled batch into the network's input, forward, loss, metric sums,
 * backward and the optimizer step; and the forward-only sums over a split
 * for validation. Kept synchronous per batch so V8 optimizes it as one hot
 * function rather than interpreting the async loop around it.
 */
import type { Rng } from '../../data/types.js';
import { CancelledError } from '../train.js';
import type { FusedMetrics } from './metrics.js';
import type { FusedNetwork } from './network.js';
import type { FusedLossFn, FusedOptimizer } from '../../registry/fused/types.js';

/** Copies rows order[start..start+n) of X and Y into the batch buffers. */
function gather(order: number[], start: number, n: number, X: Float32Array, inW: number, input: Float32Array, Y: Float32Array, yw: number, yb: Float32Array): void {
  for (let r = 0; r < n; r++) {
    const i = order[start + r]!;
    for (let k = 0, s = i * inW, d = r * inW; k < inW; k++) input[d + k] = X[s + k]!;
    for (let k = 0, s = i * yw, d = r * yw; k < yw; k++) yb[d + k] = Y[s + k]!;
  }
}

/**
 * Adds the sums of the plan's metrics over rows [s, s + capacity) of a split (X, Y) into `into`,
 * a forward pass only (`yb`: the labels' scratch); returns where the next chunk starts. Stops when
 * `signal` is aborted, before the chunk and after the split's last one. The caller yields to the
 * event loop between chunks (train.ts).
 */
export function evalChunk(net: FusedNetwork, loss: FusedLossFn, metrics: FusedMetrics, X: Float32Array, Y: Float32Array, yw: number, rows: number, yb: Float32Array, into: Float64Array, s: number, signal?: AbortSignal): number {
  if (signal?.aborted) throw new CancelledError();
  const inW = net.inW, outW = net.outW;
  const n = Math.min(net.capacity, rows - s);
  // contiguous rows: one native copy each (a JS loop runs interpreted in a fresh process's first epochs)
  net.input.set(X.subarray(s * inW, (s + n) * inW));
  yb.set(Y.subarray(s * yw, (s + n) * yw));
  const p = net.forward(n, false, null);
  const sum = loss(yb, yw, p, outW, n, null, 0);
  metrics.add(into, yb, yw, p, outW, n, Math.fround(Math.fround(sum / n) + net.penalties()));
  if (s + n >= rows && signal?.aborted) throw new CancelledError();
  return s + n;
}

/**
 * One run's training state. `batches` does the per-batch work synchronously (so V8 optimizes
 * it as one hot function rather than interpreting the async loop that awaits the event loop).
 */
export class Batches {
  readonly sums: Float64Array;
  private readonly yb: Float32Array;
  private readonly scale: number[];

  constructor(
    private readonly net: FusedNetwork,
    private readonly loss: FusedLossFn,
    private readonly optimizer: FusedOptimizer,
    private readonly metrics: FusedMetrics,
    private readonly X: Float32Array,
    private readonly Y: Float32Array,
    private readonly yw: number,
    private readonly order: number[],
    private readonly bs: number,
    private readonly rng: Rng,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.sums = new Float64Array(metrics.width);
    // in the kernels' memory, where the loss and metric kernels read the labels
    this.yb = net.labels;
    // tfjs's batch-mean gradient is a float32 1/n
    this.scale = Array.from({ length: bs + 1 }, (_, n) => Math.fround(1 / n));
  }

  /** Trains the batches from row `start` until the epoch ends or `deadline` (performance.now()) passes; returns the next start. */
  run(start: number, rows: number, deadline: number): number {
    const { net, yw, yb, bs } = this;
    const inW = net.inW, outW = net.outW;
    while (start < rows) {
      if (this.signal?.aborted) throw new CancelledError();
      const n = Math.min(bs, rows - start);
      gather(this.order, start, n, this.X, inW, net.input, this.Y, yw, yb);
      const p = net.forward(n, true, this.rng);
      const penalty = net.penalties();
      const sum = this.loss(yb, yw, p, outW, n, net.outputGrad, this.scale[n]!);
      this.metrics.add(this.sums, yb, yw, p, outW, n, Math.fround(Math.fround(sum / n) + penalty));
      net.backward(n);
      this.optimizer.step(net.params, net.grads);
      start += n;
      if (performance.now() > deadline) break;
    }
    return start;
  }
}
