/** Label encodings for the network, and feature normalizers fitted on training rows. */
import type { LabelKind } from './types.js';

/**
 * Encodes class indices (or regression values when `classes` is null) as rows:
 * - sign: [-1] for class 0, [+1] for class 1 (exactly 2 classes)
 * - binary: [0] or [1] (exactly 2 classes)
 * - onehot: k columns with a single 1
 * - index: [class index] (for sparse categorical losses)
 * - value: [y] (regression only)
 */
export function encodeLabels(y: number[], classes: string[] | null, kind: LabelKind): number[][] {
  if (kind === 'value') {
    if (classes !== null) throw new Error(`labels: value needs a regression target, but the data has ${classes.length} classes`);
    y.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new Error(`labels: target of row ${i + 1} is not a finite number`);
    });
    return y.map((v) => [v]);
  }
  if (classes === null) throw new Error(`labels: ${kind} needs classes, but the data is a regression target (use value)`);
  const k = classes.length;
  if ((kind === 'sign' || kind === 'binary') && k !== 2) {
    throw new Error(`labels: ${kind} needs exactly 2 classes, the data has ${k} (${classes.join(', ')}); use onehot or index`);
  }
  if (k < 1) throw new Error('labels: no classes');
  y.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new Error(`labels: row ${i + 1} has class index ${v}, expected 0..${k - 1}`);
  });
  switch (kind) {
    case 'sign':
      return y.map((v) => [v === 1 ? 1 : -1]);
    case 'binary':
    case 'index':
      return y.map((v) => [v]);
    case 'onehot':
      return y.map((v) => Array.from({ length: k }, (_, j) => (j === v ? 1 : 0)));
    default: {
      const never: never = kind;
      throw new Error(`labels: unknown kind ${String(never)}`);
    }
  }
}

export type NormalizeMethod = 'none' | 'standard' | 'minmax';

/** Fitted statistics, one entry per feature column; JSON-serializable for the results. */
export type NormalizerParams =
  | { method: 'none' }
  | { method: 'standard'; mean: number[]; std: number[] }
  | { method: 'minmax'; min: number[]; max: number[] };

export interface Normalizer {
  apply(x: number[][]): number[][];
  params: NormalizerParams;
}

function columnCount(x: number[][]): number {
  if (x.length === 0) throw new Error('normalize: no rows to fit on');
  const n = x[0].length;
  x.forEach((row, i) => {
    if (row.length !== n) throw new Error(`normalize: row ${i + 1} has ${row.length} features, expected ${n}`);
  });
  return n;
}

/** Per column: (x - shift) / scale, with scale 1 for constant columns. */
function affine(shift: number[], scale: number[]): (x: number[][]) => number[][] {
  const div = scale.map((s) => (s > 0 ? s : 1));
  return (x) =>
    x.map((row, i) => {
      if (row.length !== shift.length) throw new Error(`normalize: row ${i + 1} has ${row.length} features, expected ${shift.length}`);
      return row.map((v, j) => (v - shift[j]) / div[j]);
    });
}

/**
 * Fits a normalizer on `x` (pass the training rows only; validation and test
 * rows are then transformed with the training statistics).
 * - standard: (x - mean) / std, population std; constant columns become 0
 * - minmax: (x - min) / (max - min) into [0, 1] on the training rows; constant columns become 0
 */
export function fitNormalizer(x: number[][], method: NormalizeMethod): Normalizer {
  if (method === 'none') return { params: { method }, apply: (rows) => rows.map((r) => [...r]) };
  const n = columnCount(x);
  const cols = Array.from({ length: n }, (_, j) => x.map((row) => row[j]));
  if (method === 'standard') {
    const mean = cols.map((c) => (c.every((v) => v === c[0]) ? c[0] : c.reduce((a, b) => a + b, 0) / c.length));
    // A constant column gets std 0 exactly (not float residue), so it maps to 0.
    const std = cols.map((c, j) =>
      c.every((v) => v === c[0]) ? 0 : Math.sqrt(c.reduce((a, v) => a + (v - mean[j]) ** 2, 0) / c.length),
    );
    return { params: { method, mean, std }, apply: affine(mean, std) };
  }
  if (method === 'minmax') {
    const min = cols.map((c) => c.reduce((a, b) => Math.min(a, b), Infinity));
    const max = cols.map((c) => c.reduce((a, b) => Math.max(a, b), -Infinity));
    return { params: { method, min, max }, apply: affine(min, max.map((hi, j) => hi - min[j])) };
  }
  throw new Error(`normalize: unknown method ${String(method)}`);
}
