/**
 * Label encodings and normalizers on row-major typed arrays: float64
 * arithmetic, written into float32 for the engines (one copy of the data,
 * never a JS array per row).
 */
import { labelWidth, type NormalizeMethod, type NormalizerParams } from './encode.js';
import type { LabelKind } from './types.js';

type Values = Float32Array | Float64Array;

/** Fits on the first `rows` rows (the training rows): standard (population std) or minmax; constant columns get 0 spread. */
export function fitColumns(x: Values, rows: number, w: number, method: NormalizeMethod): NormalizerParams {
  if (method === 'none') return { method };
  if (rows === 0) throw new Error('normalize: no rows to fit on');
  const first = x.slice(0, w);
  const constant = new Uint8Array(w).fill(1);
  const a = new Float64Array(w);
  const b = new Float64Array(w);
  if (method === 'minmax') a.fill(Infinity), b.fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    const o = i * w;
    for (let j = 0; j < w; j++) {
      const v = x[o + j]!;
      if (v !== first[j]) constant[j] = 0;
      if (method === 'standard') a[j] += v;
      else a[j] = Math.min(a[j]!, v), b[j] = Math.max(b[j]!, v);
    }
  }
  if (method === 'minmax') return { method, min: Array.from(a), max: Array.from(b) };
  const mean = Array.from(a, (s, j) => (constant[j] ? first[j]! : s / rows));
  for (let i = 0; i < rows; i++) {
    const o = i * w;
    for (let j = 0; j < w; j++) b[j] += (x[o + j]! - mean[j]!) ** 2;
  }
  // A constant column gets std 0 exactly (not float residue), so it maps to 0.
  const std = Array.from(b, (s, j) => (constant[j] ? 0 : Math.sqrt(s / rows)));
  return { method, mean, std };
}

/**
 * The normalised values as float32: in place when `x` is already float32
 * (its values are exact float32s, so the float64 arithmetic is unchanged),
 * else into a new array (and the float64 one can go).
 */
export function applyColumns(params: NormalizerParams, x: Values, w: number): Float32Array {
  const out = x instanceof Float32Array ? x : new Float32Array(x.length);
  if (params.method === 'none') {
    if (out !== x) out.set(x);
    return out;
  }
  const shift = params.method === 'standard' ? params.mean : params.min;
  const scale = params.method === 'standard' ? params.std : params.max.map((hi, j) => hi - params.min[j]!);
  const div = Float64Array.from(scale, (s) => (s > 0 ? s : 1));
  const sh = Float64Array.from(shift);
  for (let o = 0; o < x.length; o += w) {
    for (let j = 0; j < w; j++) out[o + j] = (x[o + j]! - sh[j]!) / div[j]!;
  }
  return out;
}

/**
 * Labels as the network's targets, row-major float32 of width labelWidth(kind, classes):
 * sign [-1]/[+1] and binary [0]/[1] (exactly 2 classes), onehot (k columns), index [i], value [v].
 */
export function encodeLabelsTyped(y: Float64Array, classes: string[] | null, kind: LabelKind): Float32Array {
  if (kind === 'value') {
    if (classes !== null) throw new Error(`labels: value needs a regression target, but the data has ${classes.length} classes`);
    y.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new Error(`labels: target of row ${i + 1} is not a finite number`);
    });
    return Float32Array.from(y);
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
  const yw = labelWidth(kind, k);
  const out = new Float32Array(y.length * yw);
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (kind === 'onehot') out[i * k + v] = 1;
    else out[i] = kind === 'sign' ? (v === 1 ? 1 : -1) : v;
  }
  return out;
}
