/**
 * The training loop: Keras's fit semantics (shuffle per epoch, batches,
 * validation at each epoch's end, early stopping), with metrics summed on
 * the device and read once per epoch, every random draw from the run's
 * generator, and a cancel check at every batch.
 */
import type * as TF from '@tensorflow/tfjs';
import { shuffleEpoch } from '../data/rng.js';
import type { Rng } from '../data/types.js';
import type { Tf } from '../registry/entry.js';
import type { LossFn } from '../registry/losses/index.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { Dataset, Split } from './dataset.js';
import type { MetricPlan } from './metrics.js';
import { withRandom } from './random.js';
import { EarlyStopping } from './early-stopping.js';
import { asModelInput } from './model.js';

export type HistoryRow = { epoch: number } & Record<string, number>;
export type Status = 'ok' | 'diverged' | 'stopped_early';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface TrainHooks {
  signal?: AbortSignal;
  onEpoch?: (row: HistoryRow, epochs: number) => void;
}

export interface Trained {
  history: HistoryRow[];
  status: Status;
  epochsRun: number;
}

const EVAL_CHUNK = 4096;
const YIELD_MS = 25;

/**
 * Sums of the plan's metrics over a whole split, in chunks, as one tensor. Between chunks it
 * yields to the event loop about every 25 ms and stops when `signal` is aborted, so a cancel
 * is honoured inside a long evaluation too.
 */
async function evalSums(tf: Tf, model: TF.Sequential, lossFn: LossFn, plan: MetricPlan, x: TF.Tensor2D, y: TF.Tensor2D, signal?: AbortSignal): Promise<TF.Tensor1D> {
  const rows = x.shape[0];
  const parts: TF.Tensor1D[] = [];
  let lastYield = performance.now();
  try {
    for (let s = 0; s < rows; s += EVAL_CHUNK) {
      if (signal?.aborted) throw new CancelledError();
      const n = Math.min(EVAL_CHUNK, rows - s);
      parts.push(tf.tidy(() => {
        const reg = regularization(tf, model);
        const xb = tf.slice(x, [s, 0], [n, -1]);
        const yb = tf.slice(y, [s, 0], [n, -1]);
        const p = model.apply(asModelInput(tf, model, xb), { training: false }) as TF.Tensor;
        const l = tf.mean(lossFn(yb, p));
        return plan.sums(yb, p, (reg ? tf.add(l, reg) : l) as TF.Scalar);
      }));
      if (performance.now() - lastYield > YIELD_MS) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
    }
    if (signal?.aborted) throw new CancelledError();
    return parts.length === 1 ? parts.pop()! : (tf.addN(parts) as TF.Tensor1D);
  } finally {
    tf.dispose(parts);
  }
}

function regularization(tf: Tf, model: TF.Sequential): TF.Scalar | null {
  const losses = model.calculateLosses();
  return losses.length ? (tf.addN(losses) as TF.Scalar) : null;
}

export async function evaluate(tf: Tf, model: TF.Sequential, lossFn: LossFn, plan: MetricPlan, split: Split, signal?: AbortSignal): Promise<Record<string, number>> {
  const x = tf.tensor2d(split.x, [split.rows, split.x.length / Math.max(split.rows, 1)]);
  const y = tf.tensor2d(split.y, [split.rows, split.y.length / Math.max(split.rows, 1)]);
  try {
    const sums = await evalSums(tf, model, lossFn, plan, x, y, signal);
    const values = sums.dataSync() as Float32Array;
    sums.dispose();
    return plan.finish(values, split.rows);
  } finally {
    tf.dispose([x, y]);
  }
}

/** What every batch of one training run uses. */
interface Run {
  tf: Tf;
  model: TF.Sequential;
  optimizer: TF.Optimizer;
  lossFn: LossFn;
  plan: MetricPlan;
  vars: TF.Variable[];
}

/** One optimizer step on the rows `batch`; returns the batch's metric sums (the caller frees them). */
function trainStep({ tf, model, optimizer, lossFn, plan, vars }: Run, xTrain: TF.Tensor2D, yTrain: TF.Tensor2D, batch: number[]): TF.Tensor1D {
  return tf.tidy(() => {
    const idx = tf.tensor1d(batch, 'int32');
    const xb = tf.gather(xTrain, idx);
    const yb = tf.gather(yTrain, idx);
    let pred: TF.Tensor | undefined;
    const loss = optimizer.minimize(() => {
      const p = model.apply(asModelInput(tf, model, xb), { training: true }) as TF.Tensor;
      pred = tf.keep(p);
      const l = tf.mean(lossFn(yb, p)) as TF.Scalar;
      const reg = regularization(tf, model);
      return reg ? tf.add(l, reg) : l;
    }, true, vars) as TF.Scalar;
    const sums = plan.sums(yb, pred!, loss);
    pred!.dispose();
    return sums;
  });
}

/** The epoch's history row from its batch sums (freed here) and the validation split's, read in one transfer. */
async function epochRow(
  { tf, model, lossFn, plan }: Run, epoch: number, parts: TF.Tensor1D[], rows: number,
  val: { x: TF.Tensor2D; y: TF.Tensor2D; rows: number } | null, signal?: AbortSignal,
): Promise<HistoryRow> {
  const width = parts[0]!.shape[0];
  const valSums = val ? await evalSums(tf, model, lossFn, plan, val.x, val.y, signal) : null;
  const all = tf.tidy(() => {
    const t = tf.addN(parts);
    return valSums ? tf.concat([t, valSums]) : t;
  });
  const values = all.dataSync() as Float32Array;
  tf.dispose([...parts, all, ...(valSums ? [valSums] : [])]);
  const row: HistoryRow = { epoch, ...plan.finish(values.subarray(0, width), rows) };
  if (val) for (const [k, v] of Object.entries(plan.finish(values.subarray(width), val.rows))) row[`val_${k}`] = v;
  return row;
}

export async function train(
  tf: Tf, model: TF.Sequential, optimizer: TF.Optimizer, lossFn: LossFn, plan: MetricPlan,
  data: Dataset, fit: ResolvedExperiment['fit'], rng: Rng, hooks: TrainHooks = {},
): Promise<Trained> {
  const xTrain = tf.tensor2d(data.train.x, [data.train.rows, data.features]);
  const yTrain = tf.tensor2d(data.train.y, [data.train.rows, data.labelWidth]);
  const xVal = data.val ? tf.tensor2d(data.val.x, [data.val.rows, data.features]) : null;
  const yVal = data.val ? tf.tensor2d(data.val.y, [data.val.rows, data.labelWidth]) : null;
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: TF.Variable }).val);
  const run: Run = { tf, model, optimizer, lossFn, plan, vars };
  const rows = data.train.rows;
  const order = Array.from({ length: rows }, (_, i) => i);
  const history: HistoryRow[] = [];
  const stopper = fit.early_stopping ? new EarlyStopping(tf, fit.early_stopping) : null;
  let status: Status = 'ok';
  let lastYield = performance.now();
  // The epoch's per-batch sums; freed at the epoch's end, or in `finally` when cancelled mid-epoch.
  let parts: TF.Tensor1D[] = [];
  try {
    for (let epoch = 1; epoch <= fit.epochs; epoch++) {
      if (fit.shuffle) shuffleEpoch(order, rng);
      parts = [];
      for (let start = 0; start < rows; start += fit.batch_size) {
        if (hooks.signal?.aborted) throw new CancelledError();
        const batch = order.slice(start, start + fit.batch_size);
        withRandom(rng, () => parts.push(trainStep(run, xTrain, yTrain, batch)));
        if (performance.now() - lastYield > YIELD_MS) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
      const row = await epochRow(run, epoch, parts, rows, xVal && yVal ? { x: xVal, y: yVal, rows: data.val!.rows } : null, hooks.signal);
      history.push(row);
      hooks.onEpoch?.(row, fit.epochs);
      if (!Number.isFinite(row.loss)) {
        status = 'diverged';
        break;
      }
      if (stopper?.update(row, vars)) {
        status = 'stopped_early';
        break;
      }
    }
    if (stopper && status === 'stopped_early') stopper.restore(vars);
  } finally {
    tf.dispose(parts);
    stopper?.dispose();
    tf.dispose([xTrain, yTrain, ...(xVal ? [xVal, yVal!] : [])]);
  }
  return { history, status, epochsRun: history.length };
}
