/**
 * What every loss entry holds, and the pieces the fused forms share. Fused forms return
 * per-sample values and their gradients w.r.t. the predictions, as tfjs's autodiff
 * differentiates the ops of each builder (clip passes the gradient on [lo, hi], ends included;
 * max sends it to every tied element; |x|' = -1 at 0; maximum(a, b) sends it to a when
 * a >= b). Rows of `w` values; `s` is the gradient's scale (1/rows for a batch mean).
 */
import type { TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { Entry } from '../entry.js';
import type { FusedLoss, FusedLossFn, WasmLoss } from '../fused/types.js';
import { f32 } from '../fused/math.js';
import type { LabelKind } from '../labels.js';
import type { LossReference } from './reference.js';

export type LossFn = (yTrue: TF.Tensor, yPred: TF.Tensor) => TF.Tensor;

export type LossEntry = Entry<TProperties, LossFn> & {
  /** Label encodings the loss works with; the first is what `labels: auto` picks. */
  readonly labels: readonly LabelKind[];
  /** Output activations' ranges that make the loss meaningless (error) or doubtful (warning). */
  readonly badRanges?: { readonly error?: readonly string[]; readonly warning?: readonly string[] };
  /** The same loss on typed arrays for the fused engine: per-sample values and tfjs's gradient. */
  readonly fused: FusedLoss;
  /** The same through the WebAssembly kernels, bit for bit, where one pays (the engine takes it when present). */
  readonly fusedWasm?: WasmLoss;
  /** Keras's per-sample formula in float64 on one batch of two rows, for the registry test. */
  readonly reference: LossReference;
  /** An output layer and labels the loss trains with (`value`: a regression data set), for the registry test. */
  readonly trainsWith: { readonly activation: string; readonly units: number; readonly labels: LabelKind };
};

/** The clip epsilon (Keras's K.epsilon()). */
export const EPS = 1e-7;

/** Labels a regression loss also takes (it reads them as numbers). */
export const REGRESSION: LabelKind[] = ['value', 'binary', 'sign', 'onehot'];

/** clip(v, lo, hi) with the bounds as float32 scalars, as tfjs holds them. */
export const clipLo = (v: number, lo: number, hi: number) => (v < lo ? f32(lo) : v > hi ? f32(hi) : v);

/**
 * Losses that average an element term over each row (`total += f32(sum / w)`),
 * with the gradient `dterm(y, p) * s / w`: the shape most of Keras's losses share.
 */
export function rowMean(term: (y: number, p: number) => number, dterm: (y: number, p: number) => number): FusedLossFn {
  return (y, _yw, p, w, rows, grad, s) => {
    let total = 0;
    const k = s / w;
    for (let i = 0, n = rows * w; i < n; i += w) {
      let sum = 0;
      for (let j = i; j < i + w; j++) {
        sum += term(y[j]!, p[j]!);
        if (grad) grad[j] = dterm(y[j]!, p[j]!) * k;
      }
      total += f32(sum / w);
    }
    return total;
  };
}
