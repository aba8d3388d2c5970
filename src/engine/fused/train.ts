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
import { shuffleEpoch } from '../../data/rng.js';
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
import type { HistoryRow, Status, Trained, TrainHooks } from '../train.js';
import { Batches, evalChunk } from './batches.js';
import { FusedMetrics } from './metrics.js';
import { FusedNetwork } from './network.js';
import { kernelsReady } from './wasm.js';
import type { FusedLossFn } from '../../registry/fused/types.js';

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
  const slots = optimizers.get(x.compile.optimizer.type)?.fusedSlots?.(x.compile.optimizer) ?? 0;
  const net = new FusedNetwork(x.model, shape, capacity, slots, data.labelWidth);
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

/** One run's loop state: the batches, the validation split and its scratch. */
interface FusedRun {
  net: FusedNetwork;
  batches: Batches;
  loss: FusedLossFn;
  metrics: FusedMetrics;
  plan: MetricPlan;
  order: number[];
  rows: number;
  yw: number;
  /** The dataset's own float32 arrays: no copy of the data. */
  val: Split | null;
  valSums: Float64Array;
  /** Scratch: a sums vector as the number[] plan.finish takes. */
  totals: number[];
  /** The labels' buffer for validation batches: net.labels, in the kernels' memory. */
  yb: Float32Array;
  signal: AbortSignal | undefined;
}

function setUp(tf: Tf, net: FusedNetwork, x: ResolvedExperiment, data: Dataset, plan: MetricPlan, rng: Rng, signal?: AbortSignal): FusedRun {
  const lossEntry = losses.get(x.compile.loss.type)!;
  const params = defaults(lossEntry.params as TProperties, x.compile.loss);
  // the batch's labels and the predictions lie in the kernels' memory (net.labels, net.output)
  const loss = lossEntry.fusedWasm ? lossEntry.fusedWasm(params, net.kernels) : lossEntry.fused(params);
  const entry = optimizers.get(x.compile.optimizer.type)!;
  const wasm = entry.fusedSlots ? { kernels: net.kernels, state: net.state } : undefined;
  const optimizer = entry.fused(x.compile.optimizer, net.params.length, { backendEpsilon: tf.backend().epsilon(), wasm });
  const metrics = new FusedMetrics(x.compile.metrics, data.labels, net.kernels);
  const yw = data.labelWidth;
  const rows = data.train.rows;
  const order = Array.from({ length: rows }, (_, i) => i);
  const batches = new Batches(net, loss, optimizer, metrics, data.train.x, data.train.y, yw, order, x.fit.batch_size, rng, signal);
  const val = data.val && data.val.rows ? data.val : null;
  return { net, batches, loss, metrics, plan, order, rows, yw, val, valSums: new Float64Array(metrics.width), totals: new Array<number>(metrics.width).fill(0), yb: net.labels, signal };
}

function copyInto(to: number[], from: Float64Array): number[] {
  for (let i = 0; i < from.length; i++) to[i] = from[i]!;
  return to;
}

interface Clock { lastYield: number }

/**
 * One epoch: shuffle, every batch, then validation. Synchronous unless 25 ms have passed since the
 * last yield to the event loop (train.ts yields as often), when the rest continues after a
 * setImmediate: an async call and its awaits per epoch cost a fresh process, whose loop still
 * runs interpreted, more than the epoch's own bookkeeping.
 */
function epochRow(run: FusedRun, epoch: number, shuffle: boolean, rng: Rng, clock: Clock): HistoryRow | Promise<HistoryRow> {
  if (shuffle) shuffleEpoch(run.order, rng);
  run.batches.sums.fill(0);
  run.valSums.fill(0);
  return epochFrom(run, epoch, clock, 0, 0);
}

/** The rest of an epoch, from training row `start` and validation row `valStart`. */
function epochFrom(run: FusedRun, epoch: number, clock: Clock, start: number, valStart: number): HistoryRow | Promise<HistoryRow> {
  const { batches, rows, val } = run;
  while (start < rows) {
    start = batches.run(start, rows, clock.lastYield + YIELD_MS);
    if (performance.now() - clock.lastYield > YIELD_MS) return afterYield(run, epoch, clock, start, valStart);
  }
  while (val && valStart < val.rows) {
    valStart = evalChunk(run.net, run.loss, run.metrics, val.x, val.y, run.yw, val.rows, run.yb, run.valSums, valStart, run.signal);
    if (performance.now() - clock.lastYield > YIELD_MS) return afterYield(run, epoch, clock, start, valStart);
  }
  return rowOf(run, epoch);
}

async function afterYield(run: FusedRun, epoch: number, clock: Clock, start: number, valStart: number): Promise<HistoryRow> {
  await new Promise((r) => setImmediate(r));
  clock.lastYield = performance.now();
  return epochFrom(run, epoch, clock, start, valStart);
}

/** The epoch's history row: plain loops rather than spread, Object.entries and Array.from (iterators), which a fresh process runs interpreted. */
function rowOf(run: FusedRun, epoch: number): HistoryRow {
  const row = { epoch } as HistoryRow;
  const done = run.plan.finish(copyInto(run.totals, run.batches.sums), run.rows);
  for (const k in done) row[k] = done[k]!;
  if (run.val) {
    const v = run.plan.finish(copyInto(run.totals, run.valSums), run.val.rows);
    for (const k in v) row[`val_${k}`] = v[k]!;
  }
  return row;
}

/**
 * Trains `model` in place on the fused engine; null when `compileFused`
 * declines (nothing has been drawn from `rng` then).
 */
export async function trainFused(
  tf: Tf, model: TF.Sequential, x: ResolvedExperiment, data: Dataset, plan: MetricPlan, rng: Rng, hooks: TrainHooks = {},
): Promise<Trained | null> {
  await kernelsReady();
  const net = compileFused(x, data, model);
  if (!net) return null;
  const fit = x.fit;
  const history: HistoryRow[] = [];
  const P = net.params;
  // EarlyStopping keeps and restores tfjs variables; this stands in for the one flat parameter vector.
  const stopper = fit.early_stopping ? new EarlyStopping(tf, fit.early_stopping) : null;
  const asVariable = {
    clone: () => tf.tensor1d(P.slice()),
    assign: (t: TF.Tensor) => P.set(t.dataSync() as Float32Array),
  } as unknown as TF.Variable;
  let status: Status = 'ok';
  try {
    const run = setUp(tf, net, x, data, plan, rng, hooks.signal);
    const clock = { lastYield: performance.now() };
    for (let epoch = 1; epoch <= fit.epochs; epoch++) {
      const next = epochRow(run, epoch, fit.shuffle, rng, clock);
      const row = next instanceof Promise ? await next : next;
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
