/**
 * engine/metrics.ts's per-batch sums, on typed arrays: the same layout
 * ([loss*n, one per metric, then tp/fp/fn when precision or recall is
 * asked]), so MetricPlan.finish turns them into the same reported values,
 * and the same label-aware accuracy (sign(p) = y for ±1, p > 0.5 for 0/1,
 * argmax for one-hot and index labels).
 */
import type { LabelKind } from '../../data/types.js';
import { metrics as metricRegistry, type MetricEntry } from '../../registry/metrics/index.js';
import type { ElementKernels, FusedLossFn } from '../../registry/fused/types.js';

export class FusedMetrics {
  /** Length of a sums vector. */
  readonly width: number;
  private readonly entries: MetricEntry[];
  private readonly fns: (FusedLossFn | null)[];
  private readonly counts: boolean;
  /** Accuracy's hits through a kernel (kernels/losses.ts) for ±1 and 0/1 labels, when the arrays lie in its memory. */
  private readonly hits: ((y: Float32Array, p: Float32Array, n: number) => number) | null;

  /** `kernels`: given when every `y` and `p` passed to add() lies in their memory. */
  constructor(names: string[], private readonly labels: LabelKind, kernels?: ElementKernels) {
    this.hits = !kernels ? null
      : labels === 'sign' ? (y, p, n) => kernels.sign_hits(y.byteOffset, p.byteOffset, n)
      : labels === 'binary' ? (y, p, n) => kernels.binary_hits(y.byteOffset, p.byteOffset, n)
      : null;
    this.entries = names.map((n) => metricRegistry.get(n)!);
    this.fns = this.entries.map((e) => (e.kind === 'mean' ? e.fused!({}) : null));
    this.counts = this.entries.some((e) => e.kind === 'precision' || e.kind === 'recall');
    this.width = 1 + this.entries.length + (this.counts ? 3 : 0);
  }

  /** Adds one batch's sums into `into`: `lossMean` is the batch's mean loss (penalties included). */
  add(into: Float64Array, y: Float32Array, yw: number, p: Float32Array, w: number, rows: number, lossMean: number): void {
    into[0] = into[0]! + Math.fround(lossMean * rows);
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.kind === 'accuracy') into[i + 1] = into[i + 1]! + (this.hits ? this.hits(y, p, rows * w) : correct(y, yw, p, w, rows, this.labels));
      else if (e.kind === 'mean') into[i + 1] = into[i + 1]! + this.fns[i]!(y, yw, p, w, rows, null, 0);
    }
    if (this.counts) {
      const cut = this.labels === 'sign' ? 0 : 0.5;
      let tp = 0, pp = 0, yp = 0;
      for (let i = 0, n = rows * w; i < n; i++) {
        const a = p[i]! > cut, b = y[i]! > cut;
        if (a) pp++;
        if (b) yp++;
        if (a && b) tp++;
      }
      const k = this.entries.length + 1;
      into[k] = into[k]! + tp;
      into[k + 1] = into[k + 1]! + (pp - tp);
      into[k + 2] = into[k + 2]! + (yp - tp);
    }
  }
}

function argmax(a: Float32Array, at: number, w: number): number {
  let best = a[at]!;
  let index = 0;
  for (let j = 1; j < w; j++) {
    if (a[at + j]! > best) {
      best = a[at + j]!;
      index = j;
    }
  }
  return index;
}

function correct(y: Float32Array, yw: number, p: Float32Array, w: number, rows: number, kind: LabelKind): number {
  let hits = 0;
  switch (kind) {
    case 'sign':
      for (let i = 0, n = rows * w; i < n; i++) if ((p[i]! > 0 ? 1 : -1) === y[i]) hits++;
      return hits;
    case 'binary':
      for (let i = 0, n = rows * w; i < n; i++) if ((p[i]! > 0.5 ? 1 : 0) === y[i]) hits++;
      return hits;
    case 'onehot':
      for (let r = 0; r < rows; r++) if (argmax(p, r * w, w) === argmax(y, r * yw, yw)) hits++;
      return hits;
    case 'index':
      for (let r = 0; r < rows; r++) if (argmax(p, r * w, w) === Math.trunc(y[r * yw]!)) hits++;
      return hits;
    default:
      throw new Error(`accuracy has no meaning for ${kind} labels`);
  }
}
