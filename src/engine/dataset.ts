/**
 * The rows a run trains, validates and tests on, as float32 row-major
 * arrays: labels encoded, features normalised with statistics of the
 * training rows only, and Keras's validation split (the LAST fraction,
 * before any shuffling). The file is read again (validation kept no values)
 * and must still have the bytes validation hashed.
 */
import { applyColumns, encodeLabelsTyped, fitColumns } from '../data/encode-typed.js';
import { labelWidth, type NormalizerParams } from '../data/encode.js';
import type { NumericData } from '../data/numeric-data.js';
import type { LabelKind } from '../data/types.js';
import { dataHost } from '../load/file-chunks.js';
import { readData, type DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';

/** `rows` rows: `x` holds rows × Dataset.features values, `y` rows × Dataset.labelWidth. */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}
export interface Dataset {
  train: Split;
  val: Split | null;
  test: Split | null;
  labels: LabelKind;
  classes: string[] | null;
  features: number;
  /** Feature column names in input order, and the normalisation fitted on the training rows: what a prediction must repeat. */
  featureNames: string[];
  normalizer: NormalizerParams;
  labelWidth: number;
}

export class DataReadError extends Error {}

export function prepareDataset(x: ResolvedExperiment, yamlFile: string, files: DataFile[]): Dataset {
  const host = dataHost(files);
  const read = (spec: Record<string, unknown>, stream: string): NumericData => {
    const r = readData(spec, yamlFile, host, x.seed, stream, undefined, undefined, true);
    if (!r.ok) throw new DataReadError(r.message);
    const validated = files.find((f) => f.abs === r.file?.abs);
    if (r.file && validated && validated.sha256 !== r.file.sha256) {
      throw new DataReadError(`${r.file.path} changed after it was validated; run again`);
    }
    return r.data!;
  };
  const raw = read(x.data, 'data');
  const labels = x.data.labels;
  const w = raw.featureNames.length;
  const yw = labelWidth(labels, raw.classes?.length ?? 0);
  const y = encodeLabelsTyped(raw.y, raw.classes, labels);
  const splitAt = Math.floor(raw.rows * (1 - x.fit.validation_split));
  const norm = fitColumns(raw.x, splitAt, w, x.data.normalize);
  const all = applyColumns(norm, raw.x, w);
  const part = (from: number, to: number): Split => ({ x: all.subarray(from * w, to * w), y: y.subarray(from * yw, to * yw), rows: to - from });
  const train = part(0, splitAt);
  const val = splitAt < raw.rows ? part(splitAt, raw.rows) : null;
  let test: Split | null = null;
  if (x.test) {
    const t = read(x.test, 'test');
    // A test file's classes are mapped onto the training file's, so indexes agree.
    const ty = t.classes && raw.classes ? t.y.map((i) => {
      const j = raw.classes!.indexOf(t.classes![i]!);
      if (j < 0) throw new DataReadError(`test data has class "${t.classes![i]}", which the training data lacks`);
      return j;
    }) : t.y;
    test = { x: applyColumns(norm, t.x, w), y: encodeLabelsTyped(ty, raw.classes, labels), rows: t.rows };
  }
  return { train, val, test, labels, classes: raw.classes, features: w, labelWidth: yw, featureNames: raw.featureNames, normalizer: norm };
}
