/**
 * The fused engine's training loop: engine/train.ts's semantics on a
 * FusedNetwork. Same shuffle (one Fisher-Yates pass of the run's generator
 * per epoch), same batches, training loss and metrics as batch-size-weighted
 * means of each batch's forward pass before its update, validation at each
 * epoch's end, early stopping (engine/early-stopping.ts itself, through an
 * adapter), divergence, a cancel check every batch and a yield to the event
 * loop about every 25 ms.
 *
 * The weights come from the tfjs model (built from the seeded initializers)
 * and go back into it at the end, so evaluation, saving and model.json stay
 * tfjs's code.
 */
import type * as TF from '@tensorflow/tfjs';
import { shuffleInPlace } from '../../data/rng.js';
import type { Rng } from '../../data/types.js';
import type { ResolvedExperiment } from '../../load/resolve.js';
import { defaults, type Tf } from '../../registry/entry.js';
import { losses } from '../../registry/losses/index.js';
import { optimizers } from '../../registry/optimizers/index.js';
import type { TProperties } from '@sinclair/typebox';
import type { Dataset, Split } from '../dataset.js';
import { EarlyStopping } from '../early-stopping.js';
import type { MetricPlan } from '../metrics.js';
import { inputShapeOf } from '../model.js';
import { CancelledError, type HistoryRow, type Status, type Trained, type TrainHooks } from '../train.js';
import { FusedMetrics } from './metrics.js';
import { FusedNetwork } from './network.js';
import type { FusedLossFn, FusedOptimizer } from '../../registry/fused/types.js';

const YIELD_MS = 25;
/** Rows per forward pass when evaluating (the buffers hold at least this many, or the whole split). */
const EVAL_ROWS = 1024;

/**
 * Sets up the fused network for `x` on `data`, with the model's current
 * weights; null when the data does not have the shapes the fused forms
 * assume (then the tfjs engine, which broadcasts, should run).
 */
export function compileFused(x: ResolvedExperiment, data: Dataset, model: TF.Sequential): FusedNetwork | null {
  const first = x.model[0]!;
  const shape = inputShapeOf(first, data.features);
  const rows = data.train.rows;
  if (rows === 0 || data.features !== shape.reduce((a, b) => a * b, 1)) return null;
  const valRows = data.val?.rows ?? 0;
  const capacity = Math.max(1, Math.min(x.fit.batch_size, rows), Math.min(valRows, EVAL_ROWS));
  const net = new FusedNetwork(x.model, shape, capacity);
  const yw = data.labelWidth;
  const sparse = x.compile.loss.type === 'sparse_categorical_crossentropy';
  const fits = (sparse ? yw === 1 : yw === net.outW) && net.slots.every((s) => {
    const ws = model.layers[s.layer]!.getWeights();
    if (ws.length !== (s.bias >= 0 ? 2 : 1) || ws[0]!.shape.join() !== s.kernelShape.join()) return false;
    net.params.set(ws[0]!.dataSync() as Float32Array, s.kernel);
    if (s.bias >= 0) net.params.set(ws[1]!.dataSync() as Float32Array, s.bias);
    return true;
  });
  if (fits) return net;
  net.dispose();
  return null;
}

/**
 * Writes the network's weights into the tfjs model. Through the Sequential's setWeights, which
 * also builds its inner model as a first apply() would: without that, tfjs's calculateLosses()
 * sees no layers and evaluation would leave the weight penalties out.
 */
export function writeBack(tf: Tf, net: FusedNetwork, model: TF.Sequential): void {
  const P = net.params;
  const ws: TF.Tensor[] = [];
  for (const s of net.slots) {
    const n = s.kernelShape.reduce((a, b) => a * b, 1);
    ws.push(tf.tensor(P.slice(s.kernel, s.kernel + n), s.kernelShape));
    if (s.bias >= 0) ws.push(tf.tensor1d(P.slice(s.bias, s.bias + s.units)));
  }
  try {
    model.setWeights(ws);
  } finally {
    tf.dispose(ws);
  }
}

/** Copies rows order[start..start+n) of X and Y into the batch buffers. */
function gather(order: number[], start: number, n: number, X: Float32Array, inW: number, input: Float32Array, Y: Float32Array, yw: number, yb: Float32Array): void {
  for (let r = 0; r < n; r++) {
    const i = order[start + r]!;
    for (let k = 0, s = i * inW, d = r * inW; k < inW; k++) input[d + k] = X[s + k]!;
    for (let k = 0, s = i * yw, d = r * yw; k < yw; k++) yb[d + k] = Y[s + k]!;
  }
}

/**
 * Sums of the plan's metrics over a whole split (X, Y), forward passes only; `yb` is scratch.
 * Yields to the event loop about every 25 ms between chunks and stops when `signal` is aborted.
 */
async function evalSums(net: FusedNetwork, loss: FusedLossFn, metrics: FusedMetrics, X: Float32Array, Y: Float32Array, yw: number, rows: number, yb: Float32Array, into: Float64Array, signal?: AbortSignal): Promise<void> {
  const inW = net.inW, outW = net.outW, input = net.input;
  const penalty = net.penalties();
  let lastYield = performance.now();
  for (let s = 0; s < rows; s += net.capacity) {
    if (signal?.aborted) throw new CancelledError();
    const n = Math.min(net.capacity, rows - s);
    for (let i = 0, a = s * inW, m = n * inW; i < m; i++) input[i] = X[a + i]!;
    for (let i = 0, a = s * yw, m = n * yw; i < m; i++) yb[i] = Y[a + i]!;
    const p = net.forward(n, false, null);
    const sum = loss(yb, yw, p, outW, n, null, 0);
    metrics.add(into, yb, yw, p, outW, n, Math.fround(Math.fround(sum / n) + penalty));
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
  }
  if (signal?.aborted) throw new CancelledError();
}

/**
 * One run's training state. `batches` does the per-batch work synchronously (so V8 optimizes
 * it as one hot function rather than interpreting the async loop that awaits the event loop).
 */
class Batches {
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
    this.yb = new Float32Array(net.capacity * yw);
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

/**
 * Trains `model` in place on the fused engine; null when `compileFused`
 * declines (nothing has been drawn from `rng` then).
 */
export async function trainFused(
  tf: Tf, model: TF.Sequential, x: ResolvedExperiment, data: Dataset, plan: MetricPlan, rng: Rng, hooks: TrainHooks = {},
): Promise<Trained | null> {
  const net = compileFused(x, data, model);
  if (!net) return null;
  const fit = x.fit;
  const lossEntry = losses.get(x.compile.loss.type)!;
  const loss = lossEntry.fused!(defaults(lossEntry.params as TProperties, x.compile.loss));
  const optimizer = optimizers.get(x.compile.optimizer.type)!.fused!(x.compile.optimizer, net.params.length, { backendEpsilon: tf.backend().epsilon() });
  const metrics = new FusedMetrics(x.compile.metrics, data.labels);

  const inW = net.inW;
  const yw = data.labelWidth;
  const rows = data.train.rows;
  // the dataset's own float32 arrays: no copy of the data
  const val: Split | null = data.val && data.val.rows ? data.val : null;
  const VX = val ? val.x : null;
  const VY = val ? val.y : null;
  const order = Array.from({ length: rows }, (_, i) => i);
  const batches = new Batches(net, loss, optimizer, metrics, data.train.x, data.train.y, yw, order, fit.batch_size, rng, hooks.signal);
  const valSums = new Float64Array(metrics.width);
  const yb = new Float32Array(net.capacity * yw);
  const history: HistoryRow[] = [];
  const P = net.params;

  // EarlyStopping keeps and restores tfjs variables; this stands in for the one flat parameter vector.
  const stopper = fit.early_stopping ? new EarlyStopping(tf, fit.early_stopping) : null;
  const asVariable = {
    clone: () => tf.tensor1d(P.slice()),
    assign: (t: TF.Tensor) => P.set(t.dataSync() as Float32Array),
  } as unknown as TF.Variable;

  let status: Status = 'ok';
  let lastYield = performance.now();
  try {
    for (let epoch = 1; epoch <= fit.epochs; epoch++) {
      if (fit.shuffle) shuffleInPlace(order, rng);
      batches.sums.fill(0);
      for (let start = 0; start < rows;) {
        start = batches.run(start, rows, lastYield + YIELD_MS);
        // as train.ts: after a batch, yield to the event loop when 25 ms have passed since the last time
        if (performance.now() - lastYield > YIELD_MS) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
      const row: HistoryRow = { epoch, ...plan.finish(Array.from(batches.sums), rows) };
      if (val) {
        valSums.fill(0);
        await evalSums(net, loss, metrics, VX!, VY!, yw, val.rows, yb, valSums, hooks.signal);
        for (const [k, v] of Object.entries(plan.finish(Array.from(valSums), val.rows))) row[`val_${k}`] = v;
      }
      history.push(row);
      hooks.onEpoch?.(row, fit.epochs);
      if (!Number.isFinite(row.loss)) {
        status = 'diverged';
        break;
      }
      if (stopper?.update(row, [asVariable])) {
        status = 'stopped_early';
        break;
      }
    }
    if (stopper && status === 'stopped_early') stopper.restore([asVariable]);
    writeBack(tf, net, model);
  } finally {
    stopper?.dispose();
    net.dispose();
  }
  return { history, status, epochsRun: history.length };
}
