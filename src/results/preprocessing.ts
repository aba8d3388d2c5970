/**
 * preprocessing.json: everything a trained model needs besides its weights to
 * be used on new raw rows: the feature columns in input order, the normalisation
 * with the numbers fitted on the training rows, the label encoding, the class
 * names in output order and the target column. Numbers are kept at full double
 * precision (not the 6 digits of the metrics): rounding them would move inputs
 * and could flip a prediction.
 */
import type { NormalizerParams } from '../data/encode.js';
import type { LabelKind } from '../data/types.js';
import { stableJson } from './format.js';

export const PREPROCESSING_FORMAT = 'trainspec-preprocessing/1';

/** How the network's output row becomes a prediction, per label encoding. */
export const DECODE: Record<LabelKind, string> = {
  onehot: 'argmax: the class of the largest output (the first on ties)',
  index: 'argmax: the class of the largest output (the first on ties)',
  binary: 'threshold: classes[1] when the single output is > 0.5, else classes[0]',
  sign: 'threshold: classes[1] when the single output is > 0, else classes[0]',
  value: 'value: the single output is the predicted target value',
};

export interface Preprocessing {
  format: string;
  /** Column names the model's input takes, in order. */
  features: string[];
  /** The target column of the data file, or null for generated data. */
  target: string | null;
  /** Class names in output order (index i is output unit i, or label value i), null for regression. */
  classes: string[] | null;
  labels: LabelKind;
  decode: string;
  /** The fitted statistics, and the same as one affine map: x' = (x - shift) / scale, per feature. */
  normalize: NormalizerParams & { shift?: number[]; scale?: number[] };
}

/** The affine map fitNormalizer applies (a zero scale divides by 1, so a constant column becomes 0). */
export function affineOf(p: NormalizerParams): { shift: number[]; scale: number[] } | null {
  const nonZero = (s: number) => (s > 0 ? s : 1);
  if (p.method === 'standard') return { shift: [...p.mean], scale: p.std.map(nonZero) };
  if (p.method === 'minmax') return { shift: [...p.min], scale: p.max.map((hi, j) => nonZero(hi - p.min[j]!)) };
  return null;
}

export interface PreprocessingFacts {
  featureNames: string[];
  normalizer: NormalizerParams;
  labels: LabelKind;
  classes: string[] | null;
}

export function preprocessingOf(facts: PreprocessingFacts, target: string | null): Preprocessing {
  const affine = affineOf(facts.normalizer);
  return {
    format: PREPROCESSING_FORMAT,
    features: [...facts.featureNames],
    target,
    classes: facts.classes ? [...facts.classes] : null,
    labels: facts.labels,
    decode: DECODE[facts.labels],
    normalize: { ...facts.normalizer, ...(affine ?? {}) },
  };
}

export const preprocessingJson = (p: Preprocessing): string => stableJson(p);
