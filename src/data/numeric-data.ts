/** Rows as typed arrays: what a CSV is streamed into, and what the engines read. */
import type { RawData } from './types.js';

/** Row-major features (float32 when every value is exactly a float32, else float64) and one target per row. */
export interface NumericData {
  rows: number;
  featureNames: string[];
  /** rows × featureNames.length values, row after row. */
  x: Float32Array | Float64Array;
  /** Class index per row, or the target value when `classes` is null. */
  y: Float64Array;
  /** Class names in index order (sorted), or null for regression. */
  classes: string[] | null;
}

/** What validation learns from a file without keeping its values. */
export interface DataFacts {
  rows: number;
  features: number;
  classes: string[] | null;
}

export const factsOf = (d: { rows: number; featureNames: string[]; classes: string[] | null }): DataFacts =>
  ({ rows: d.rows, features: d.featureNames.length, classes: d.classes });

/** Generators and JSON files produce row arrays: the same values, packed (float64, so nothing is rounded). */
export function packRaw(raw: RawData): NumericData {
  const w = raw.featureNames.length;
  const x = new Float64Array(raw.x.length * w);
  raw.x.forEach((row, i) => x.set(row, i * w));
  return { rows: raw.x.length, featureNames: [...raw.featureNames], x, y: Float64Array.from(raw.y), classes: raw.classes };
}
