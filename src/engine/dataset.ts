/**
 * The rows a run trains, validates and tests on, as plain arrays: labels
 * encoded, features normalised with statistics of the training rows only,
 * and Keras's validation split (the LAST fraction, before any shuffling).
 */
import { encodeLabels, fitNormalizer, type NormalizerParams } from '../data/encode.js';
import type { LabelKind } from '../data/types.js';
import { memoryHost } from '../load/host.js';
import { readData, type DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';

export interface Split {
  x: number[][];
  y: number[][];
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
}

export class DataReadError extends Error {}

export function prepareDataset(x: ResolvedExperiment, yamlFile: string, files: DataFile[]): Dataset {
  const host = memoryHost(Object.fromEntries(files.map((f) => [f.abs, f.bytes])));
  const read = (spec: Record<string, unknown>, stream: string) => {
    const r = readData(spec, yamlFile, host, x.seed, stream);
    if (!r.ok) throw new DataReadError(r.message);
    return r.raw;
  };
  const raw = read(x.data, 'data');
  const labels = x.data.labels;
  const y = encodeLabels(raw.y, raw.classes, labels);
  const splitAt = Math.floor(raw.x.length * (1 - x.fit.validation_split));
  const norm = fitNormalizer(raw.x.slice(0, splitAt), x.data.normalize);
  const train = { x: norm.apply(raw.x.slice(0, splitAt)), y: y.slice(0, splitAt) };
  const val = splitAt < raw.x.length ? { x: norm.apply(raw.x.slice(splitAt)), y: y.slice(splitAt) } : null;
  let test: Split | null = null;
  if (x.test) {
    const t = read(x.test, 'test');
    // A test file's classes are mapped onto the training file's, so indexes agree.
    const ty = t.classes && raw.classes ? t.y.map((i) => {
      const j = raw.classes!.indexOf(t.classes![i]!);
      if (j < 0) throw new DataReadError(`test data has class "${t.classes![i]}", which the training data lacks`);
      return j;
    }) : t.y;
    test = { x: norm.apply(t.x), y: encodeLabels(ty, raw.classes, labels) };
  }
  return { train, val, test, labels, classes: raw.classes, features: raw.x[0]?.length ?? 0, featureNames: raw.featureNames, normalizer: norm.params };
}
