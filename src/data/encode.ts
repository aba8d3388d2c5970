/** The shapes of label encodings and of the normalisation fitted on training rows (encode-typed.ts does the work). */
import type { LabelKind } from './types.js';

/** Columns one encoded label takes. */
export function labelWidth(kind: LabelKind, nClasses: number): number {
  return kind === 'onehot' ? nClasses : 1;
}

export type NormalizeMethod = 'none' | 'standard' | 'minmax';

/** Fitted statistics, one entry per feature column; JSON-serializable for the results. */
export type NormalizerParams =
  | { method: 'none' }
  | { method: 'standard'; mean: number[]; std: number[] }
  | { method: 'minmax'; min: number[]; max: number[] };
