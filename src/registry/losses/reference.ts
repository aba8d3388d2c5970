/**
 * Sample batches and float64 helpers for the losses' reference formulas (Keras's per-sample
 * formulas, which the registry test compares each tfjs builder with).
 */

export interface LossReference {
  /** Two rows of labels and of predictions. */
  readonly y: number[][];
  readonly p: number[][];
  /** The loss of one row, in float64. */
  readonly ref: (y: number[], p: number[]) => number;
}

export const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
export const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
export const mean = (a: number[]) => sum(a) / a.length;
export const norm = (a: number[]) => Math.sqrt(sum(a.map((v) => v * v)));

/** ±1 labels; one-hot labels with probabilities; 0/1 labels; real values; positive values. */
export const SIGN = { y: [[1, -1, 1], [-1, -1, 1]], p: [[0.3, 0.5, -2], [-0.9, 0.1, 1.5]] };
export const PROB = { y: [[0, 1, 0], [1, 0, 0]], p: [[0.2, 0.7, 0.1], [0.3, 0.3, 0.4]] };
export const BIN = { y: [[1, 0, 1], [0, 0, 1]], p: [[0.9, 0.2, 0.4], [0.6, 0.05, 0.999]] };
export const VAL = { y: [[1.5, -0.5, 2], [0.2, 3, -1]], p: [[1, 0.5, 2.5], [0.4, 1, 0.5]] };
export const POS = { y: [[1.5, 0.5, 2], [0.2, 3, 1]], p: [[1, 0.5, 2.5], [0.4, 1, 0.5]] };
