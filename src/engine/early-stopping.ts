/**
 * Keras's EarlyStopping: stop when `monitor` has not improved by more than
 * `min_delta` for `patience` epochs; accuracy-like metrics are maximised,
 * the rest minimised. With restore_best_weights, the best epoch's weights
 * come back when training stops early (Keras 2 behaviour).
 */
import type * as TF from '@tensorflow/tfjs';
import type { Tf } from '../registry/entry.js';
import type { ResolvedExperiment } from '../load/resolve.js';

type Options = NonNullable<ResolvedExperiment['fit']['early_stopping']>;

const MAXIMISE = /acc|precision|recall|auc/;

export class EarlyStopping {
  private best: number;
  private wait = 0;
  private bestWeights: TF.Tensor[] | null = null;
  private readonly sign: number;

  constructor(private readonly tf: Tf, private readonly o: Options) {
    this.sign = MAXIMISE.test(o.monitor) ? -1 : 1;
    this.best = Infinity;
  }

  /** Records an epoch; true when training should stop. */
  update(row: Record<string, number>, vars: TF.Variable[]): boolean {
    const value = row[this.o.monitor];
    if (value === undefined || !Number.isFinite(value)) return false;
    const v = this.sign * value;
    if (v < this.best - this.o.min_delta) {
      this.best = v;
      this.wait = 0;
      if (this.o.restore_best_weights) {
        this.tf.dispose(this.bestWeights ?? []);
        this.bestWeights = vars.map((w) => this.tf.keep(w.clone()));
      }
      return false;
    }
    this.wait++;
    return this.wait >= this.o.patience;
  }

  restore(vars: TF.Variable[]): void {
    if (this.bestWeights) vars.forEach((w, i) => w.assign(this.bestWeights![i]!));
  }

  dispose(): void {
    this.tf.dispose(this.bestWeights ?? []);
    this.bestWeights = null;
  }
}
