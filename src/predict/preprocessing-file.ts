/** Reads and checks a results folder's preprocessing.json (written by src/results/preprocessing.ts). */
import type { LabelKind } from '../data/types.js';
import { affineOf, PREPROCESSING_FORMAT, type Preprocessing } from '../results/preprocessing.js';
import { PredictError } from './errors.js';

const LABELS: readonly LabelKind[] = ['sign', 'binary', 'onehot', 'index', 'value'];
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((s) => typeof s === 'number' && Number.isFinite(s));

/** The checked contents, and the affine map to apply (null: none). */
export interface CheckedPreprocessing extends Preprocessing {
  affine: { shift: number[]; scale: number[] } | null;
}

export function checkPreprocessing(text: string, file: string): CheckedPreprocessing {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PredictError('not valid JSON', { file, line: 1 });
  }
  const bad = (what: string) => new PredictError(`${what}`, { file, line: 1, hint: 'this file is written by trainspec run; run the experiment again to rewrite it' });
  if (typeof p !== 'object' || p === null || p.format !== PREPROCESSING_FORMAT) throw bad(`not a ${PREPROCESSING_FORMAT} file`);
  if (!isStrings(p.features) || p.features.length === 0) throw bad('"features" must list the feature columns');
  if (!(p.classes === null || (isStrings(p.classes) && p.classes.length > 0))) throw bad('"classes" must be null or a list of names');
  if (!LABELS.includes(p.labels as LabelKind)) throw bad(`"labels" must be one of ${LABELS.join(', ')}`);
  if ((p.labels === 'value') !== (p.classes === null)) throw bad('"classes" must be null exactly when "labels" is value');
  if (!(p.target === null || typeof p.target === 'string')) throw bad('"target" must be a column name or null');
  const n = p.features.length;
  const norm = p.normalize as Record<string, unknown> | undefined;
  const method = norm?.method;
  let ok = method === 'none';
  if (method === 'standard') ok = isNumbers(norm!.mean, n) && isNumbers(norm!.std, n);
  if (method === 'minmax') ok = isNumbers(norm!.min, n) && isNumbers(norm!.max, n);
  if (!ok) throw bad(`"normalize" must be none, or standard/minmax with ${n} fitted numbers each`);
  const checked = p as unknown as Preprocessing;
  return { ...checked, affine: affineOf(checked.normalize) };
}

/** The first `n` values of `x` (rows of `width`) normalised with the training statistics in doubles, as float32 for the model. */
export function normalizePacked(x: Float32Array | Float64Array, n: number, width: number, affine: CheckedPreprocessing['affine']): Float32Array {
  const out = new Float32Array(n);
  if (!affine) {
    out.set(x.subarray(0, n));
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = (x[i]! - affine.shift[i % width]!) / affine.scale[i % width]!;
  return out;
}
