/**
 * A trained model from a results folder, ready for raw rows: model/ loaded with
 * tfjs through a custom IOHandler (as any tfjs user can), after the
 * preprocessing.json the run wrote.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { loadTf, type BackendChoice } from '../engine/tf.js';
import { loadArtifacts } from '../engine/save.js';
import type { LabelKind } from '../data/types.js';
import { checkPreprocessing, normalizePacked, type CheckedPreprocessing } from './preprocessing-file.js';
import { PredictError } from './errors.js';
import { decodeOutputs, type Prediction } from './decode.js';

export type { Prediction } from './decode.js';
/** One input row by column name; numbers or numeric strings (extra columns are ignored). */
export type InputRow = Record<string, string | number>;

export interface Trained {
  /** Feature columns the model takes, in order. */
  features: string[];
  /** Class names in output order, or null for regression. */
  classes: string[] | null;
  target: string | null;
  labels: LabelKind;
  /** Predictions for raw (unnormalised) rows. Throws PredictError for a missing or non-numeric feature. */
  predict(rows: readonly InputRow[]): Promise<Prediction[]>;
  /** The same for rows already in feature order, as numbers (raw, not normalised). */
  predictMatrix(x: number[][]): Promise<Prediction[]>;
  /** The same for `rows` rows packed row after row (raw values in feature order). */
  predictPacked(x: Float32Array | Float64Array, rows: number): Promise<Prediction[]>;
  dispose(): void;
}

const MAX_JSON = 64 * 1024 * 1024;
const MAX_WEIGHTS = 1024 * 1024 * 1024;

function readBounded(path: string, max: number, what: string): Buffer {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new PredictError(`no ${what} here`, { file: path, line: 1, hint: 'pass a results folder written by trainspec run (model/ and preprocessing.json); results from before preprocessing.json existed: run the experiment again' });
  if (!st.isFile()) throw new PredictError(`${what} is not a file`, { file: path, line: 1 });
  if (st.size > max) throw new PredictError(`${what} is larger than ${max} bytes`, { file: path, line: 1 });
  return readFileSync(path);
}

async function loadModel(tf: Awaited<ReturnType<typeof loadTf>>['tf'], dir: string): Promise<TF.LayersModel> {
  const jsonFile = join(dir, 'model', 'model.json');
  const weightsFile = join(dir, 'model', 'weights.bin');
  const text = readBounded(jsonFile, MAX_JSON, 'trained model').toString('utf8');
  const weights = readBounded(weightsFile, MAX_WEIGHTS, 'model weights');
  let json: { modelTopology?: unknown; weightsManifest?: { weights: TF.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(text);
  } catch {
    throw new PredictError('the model is not valid JSON', { file: jsonFile, line: 1 });
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new PredictError('not a tfjs layers model (no modelTopology or weightsManifest)', { file: jsonFile, line: 1 });
  try {
    return await loadArtifacts(tf, text, weights);
  } catch (e) {
    throw new PredictError(`the model cannot be loaded: ${(e as Error).message}`, { file: jsonFile, line: 1 });
  }
}

/** Loads `dir` (a results folder: model/ and preprocessing.json). Throws PredictError when it is not usable. */
export async function loadTrained(dir: string, opts: { backend?: BackendChoice } = {}): Promise<Trained> {
  const preFile = join(dir, 'preprocessing.json');
  const pre: CheckedPreprocessing = checkPreprocessing(readBounded(preFile, MAX_JSON, 'preprocessing.json').toString('utf8'), preFile);
  const { tf } = await loadTf(opts.backend ?? 'auto');
  const model = await loadModel(tf, dir);
  const inputs = model.inputs[0]?.shape[1];
  if (model.inputs[0]?.shape.length !== 2 || inputs !== pre.features.length) {
    throw new PredictError(`the model takes ${String(inputs)} inputs, preprocessing.json lists ${pre.features.length} features`, { file: preFile, line: 1 });
  }
  const width = pre.features.length;
  const predictPacked = async (x: Float32Array | Float64Array, rows: number): Promise<Prediction[]> => {
    if (rows === 0) return [];
    // normalised in doubles, then rounded to float32 once: what tensor2d does with number[][]
    const input = tf.tensor2d(normalizePacked(x, rows * width, width, pre.affine), [rows, width]);
    try {
      const out = model.predict(input) as TF.Tensor;
      const values = (await out.array()) as number[][];
      out.dispose();
      return decodeOutputs(values, pre.labels, pre.classes);
    } finally {
      input.dispose();
    }
  };
  const predictMatrix = (x: number[][]): Promise<Prediction[]> => {
    const packed = new Float64Array(x.length * width);
    x.forEach((row, i) => packed.set(row, i * width));
    return predictPacked(packed, x.length);
  };
  return {
    features: [...pre.features],
    classes: pre.classes ? [...pre.classes] : null,
    target: pre.target,
    labels: pre.labels,
    predictMatrix,
    predictPacked,
    predict: (rows) => predictMatrix(rows.map((r, i) => pre.features.map((f) => cellNumber(r[f], f, i)))),
    dispose: () => model.dispose(),
  };
}

function cellNumber(v: string | number | undefined, column: string, i: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (v === undefined) throw new PredictError(`row ${i + 1}: column ${JSON.stringify(column)} is missing`);
  if (!Number.isFinite(n)) throw new PredictError(`row ${i + 1}, column ${JSON.stringify(column)}: the value is not a number`);
  return n;
}
