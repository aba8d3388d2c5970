/**
 * Shared by the registry tests (test/registry-*.test.ts, test/engine-registry.test.ts): a tiny
 * experiment loaded from YAML through the real loader, built by the registry's builders and
 * trained for one epoch (a few steps) by the real training loop, checked against runExperiment.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { beforeAll, expect } from 'vitest';
import { makeRng } from '../src/data/rng.js';
import { prepareDataset } from '../src/engine/dataset.js';
import { metricPlan } from '../src/engine/metrics.js';
import { asModelInput, buildModel } from '../src/engine/model.js';
import { withRandom } from '../src/engine/random.js';
import { runExperiment, type RunOptions } from '../src/engine/run.js';
import { loadArtifacts, saveArtifacts } from '../src/engine/save.js';
import { loadTf } from '../src/engine/tf.js';
import { train } from '../src/engine/train.js';
import { defaults, type Tf } from '../src/registry/entry.js';
import { losses, type LossEntry } from '../src/registry/losses/index.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { loadYaml, type Loaded } from './run-helpers.js';

let tf: Tf;
/** Loads tfjs (cpu backend) before the calling file's tests; returns a getter for it. */
export function useTf(): () => Tf {
  beforeAll(async () => {
    ({ tf } = await loadTf('cpu'));
  });
  return () => tf;
}

export type Obj = Record<string, unknown>;

/** A tiny experiment: 48 rows, a quarter held out for validation, batches of 16 (3 steps an epoch). */
export function experiment(o: { model: Obj[]; loss: unknown; data?: Obj; optimizer?: unknown; metrics?: string[]; labels?: string }): string {
  return stringify({
    name: 'step',
    seed: 3,
    data: o.data ?? { generator: 'uniform_sum', samples: 48, features: 4, labels: o.labels ?? 'sign' },
    model: o.model,
    compile: { optimizer: o.optimizer ?? 'adam', loss: o.loss, metrics: o.metrics ?? [] },
    fit: { epochs: 1, batch_size: 16, validation_split: 0.25 },
  });
}

const weightsOf = (model: TF.LayersModel) =>
  model.layers.map((l) => l.trainableWeights.map((w) => ({ name: w.name, values: Float32Array.from(w.read().dataSync() as Float32Array) })));

export interface Step {
  loss: number;
  /** Whether the saved model, loaded back, predicts the same values. */
  roundTrip: boolean;
  history: Obj[];
  /** Per layer: its class name and, per trainable weight, whether any value moved. */
  layers: { className: string; changed: { name: string; changed: boolean }[] }[];
  weightsBin: Uint8Array;
  modelJson: string;
}

/**
 * The pieces runExperiment wires together, with the weights read before and
 * after one epoch. The result is checked against runExperiment itself, so
 * this is the real path and not a copy that could drift.
 */
async function step(l: Loaded): Promise<Step> {
  const { x, source } = l;
  const data = prepareDataset(x, source.yamlFile, source.dataFiles);
  const lossEntry = losses.get(x.compile.loss.type)!;
  const lossFn = lossEntry.build(tf, defaults(lossEntry.params as TProperties, x.compile.loss));
  const plan = metricPlan(tf, x.compile.metrics, data.labels);
  const model = withRandom(makeRng(x.seed, 'init'), () => buildModel(tf, x.model, data.features));
  const optimizer = await optimizers.get(x.compile.optimizer.type)!.build(tf, x.compile.optimizer);
  try {
    const before = weightsOf(model);
    const trained = await train(tf, model, optimizer, lossFn, plan, data, x.fit, makeRng(x.seed, 'train'));
    const after = weightsOf(model);
    const saved = await saveArtifacts(tf, model);
    // The saved model loads back and predicts what the trained one predicts.
    const input = asModelInput(tf, model, tf.tensor2d(data.train.x.slice(0, 8 * data.features), [8, data.features]));
    const live = model.predict(input) as TF.Tensor;
    const loaded = await loadArtifacts(tf, saved.modelJson, saved.weights);
    const again = loaded.predict(input) as TF.Tensor;
    const roundTrip = Array.from(again.dataSync()).every((v, i) => Object.is(v, live.dataSync()[i]));
    loaded.dispose();
    tf.dispose([input, live, again]);
    return {
      roundTrip,
      loss: trained.history[0]!.loss,
      history: trained.history,
      layers: model.layers.map((layer, i) => ({
        className: layer.getClassName(),
        changed: before[i]!.map((w, j) => ({ name: w.name, changed: w.values.some((v, k) => v !== after[i]![j]!.values[k]) })),
      })),
      weightsBin: saved.weights,
      modelJson: saved.modelJson,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** One epoch through the real code path: finite loss, every trainable weight moved, and runExperiment agrees. */
export async function expectTrains(yaml: string, files: Record<string, string> = {}): Promise<Step> {
  const l = loadYaml(yaml, files);
  const s = await step(l);
  expect(Number.isFinite(s.loss), `loss ${s.loss}`).toBe(true);
  const trainable = s.layers.flatMap((layer) => layer.changed);
  expect(trainable.length).toBeGreaterThan(0);
  for (const w of trainable) expect(w.changed, `weight ${w.name} did not change`).toBe(true);
  expect(s.roundTrip, 'the saved model does not load back to the same predictions').toBe(true);
  // The same experiment through runExperiment: same epoch, same trained weights, no tensor left behind.
  const tensors = tf.memory().numTensors;
  // The tfjs training loop, which `step` drives (a faster engine may take dense stacks by default).
  const run = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'tfjs' } as RunOptions);
  expect(tf.memory().numTensors, 'tensors left behind by runExperiment').toBe(tensors);
  expect(run.status).toBe('ok');
  expect(run.history).toEqual(s.history);
  expect(Buffer.from(run.model.weights).equals(Buffer.from(s.weightsBin))).toBe(true);
  return s;
}

export const HIDDEN = { type: 'dense', units: 4, activation: 'relu' };
export const SIGN_OUT = { type: 'dense', units: 1, activation: 'tanh' };

/** A model, labels and data the loss trains with, from the output layer its entry names. */
export function lossSetup(e: LossEntry): { model: Obj[]; labels?: string; data?: Obj } {
  const { activation, units, labels } = e.trainsWith;
  const model = [HIDDEN, { type: 'dense', units, activation }];
  return labels === 'value' ? { model, data: { generator: 'linear', samples: 48, features: 4 } } : { model, labels };
}
