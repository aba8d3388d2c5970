/** Shapes shared by data generators, file readers and label encoders. */

/** How labels are encoded for the network (stated in the registry, which losses and metrics sit in). */
/** How labels are encoded for the network (losses and metrics name the encodings they take). */
export type LabelKind = 'sign' | 'binary' | 'onehot' | 'index' | 'value';

/** Rows before label encoding: features, and a class index (or a real value for regression). */
export interface RawData {
  /** One array of feature values per row. */
  x: number[][];
  /** Class index 0..classes.length-1 per row, or the target value when `classes` is null. */
  y: number[];
  /** Class names in index order (sorted, so the encoding is stable), or null for regression. */
  classes: string[] | null;
  /** Feature column names (generators use x0, x1, ...). */
  featureNames: string[];
}

/** A uniform random source in [0, 1), seeded by the caller. */
export type Rng = () => number;
