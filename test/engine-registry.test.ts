/**
 * Every name the format accepts builds and trains: one case per registry
 * entry (activation, loss, optimizer, metric, layer type), each loaded from
 * YAML through the real loader, built by the registry's builder and trained
 * for one epoch (a few steps) by the real training loop. A new entry without
 * a case here, or without a working builder, fails.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../src/data/rng.js';
import { prepareDataset } from '../src/engine/dataset.js';
import { metricPlan } from '../src/engine/metrics.js';
import { buildModel } from '../src/engine/model.js';
import { withRandom } from '../src/engine/random.js';
import { runExperiment, type RunOptions } from '../src/engine/run.js';
import { loadArtifacts, saveArtifacts } from '../src/engine/save.js';
import { loadTf } from '../src/engine/tf.js';
import { train } from '../src/engine/train.js';
import { activations } from '../src/registry/activations.js';
import { defaults, type Tf } from '../src/registry/entry.js';
import { layers } from '../src/registry/layers.js';
import { losses } from '../src/registry/losses.js';
import { metrics } from '../src/registry/metrics.js';
import { optimizers } from '../src/registry/optimizers.js';
import { loadYaml, type Loaded } from './run-helpers.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
});

type Obj = Record<string, unknown>;

/** A tiny experiment: 48 rows, a quarter held out for validation, batches of 16 (3 steps an epoch). */
function experiment(o: { model: Obj[]; loss: unknown; data?: Obj; optimizer?: unknown; metrics?: string[]; labels?: string }): string {
  return stringify({
    name: 'step',
    seed: 3,
    data: o.data ?? { generator: 'uniform_sum', samples: 48, features: 4, labels: o.labels ?? 'sign' },
    model: o.model,
    compile: { optimizer: o.optimizer ?? 'adam', loss: o.loss, metrics: o.metrics ?? [] },
    fit: { epochs: 1, batch_size: 16, validation_split: 0.25 },
  });
}

/** Small integer features (ids 0..4) and a class that depends on them, for the embedding layer. */
function integerCsv(): string {
  const rows = ['a,b,c,d,label'];
  for (let i = 0; i < 48; i++) {
    const f = [i % 5, (i * 3 + 1) % 5, (i * 7 + 2) % 5, (i * 2) % 5];
    rows.push(`${f.join(',')},${f[0]! + f[1]! > 4 ? 'yes' : 'no'}`);
  }
  return `${rows.join('\n')}\n`;
}

const weightsOf = (model: TF.LayersModel) =>
  model.layers.map((l) => l.trainableWeights.map((w) => ({ name: w.name, values: Float32Array.from(w.read().dataSync() as Float32Array) })));

interface Step {
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
    const input = tf.tensor2d(data.train.x.slice(0, 8 * data.features), [8, data.features]);
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
async function expectTrains(yaml: string, files: Record<string, string> = {}): Promise<Step> {
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

const HIDDEN = { type: 'dense', units: 4, activation: 'relu' };
const SIGN_OUT = { type: 'dense', units: 1, activation: 'tanh' };

describe('activations', () => {
  it.each(activations.entries.map((e) => [e.name]))('%s builds and trains in a hidden layer', async (name) => {
    const s = await expectTrains(experiment({ model: [{ type: 'dense', units: 4, activation: name }, SIGN_OUT], loss: 'hinge' }));
    const topology = JSON.parse(s.modelJson).modelTopology;
    // model.json names it as Keras does (tfjs writes Python-style names).
    if (name === 'leaky_relu') {
      // Written as stock tfjs layers (tfjs has no leaky_relu activation): a linear Dense, then LeakyReLU.
      expect(topology.config.layers[0].config.activation).toBe('linear');
      expect(topology.config.layers[1]).toMatchObject({ class_name: 'LeakyReLU', config: { alpha: 0.2 } });
    } else expect(topology.config.layers[0].config.activation).toBe(name);
  });

  // Reference formulas (Keras), on a row that crosses zero.
  const erf = (x: number) => {
    // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  };
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const SELU_A = 1.6732632423543772;
  const SELU_S = 1.0507009873554805;
  const REFERENCE: Record<string, (x: number[]) => number[]> = {
    linear: (x) => x,
    relu: (x) => x.map((v) => Math.max(0, v)),
    elu: (x) => x.map((v) => (v > 0 ? v : Math.exp(v) - 1)),
    selu: (x) => x.map((v) => SELU_S * (v > 0 ? v : SELU_A * (Math.exp(v) - 1))),
    tanh: (x) => x.map(Math.tanh),
    sigmoid: (x) => x.map(sigmoid),
    hard_sigmoid: (x) => x.map((v) => Math.min(1, Math.max(0, 0.2 * v + 0.5))), // Keras 2
    softsign: (x) => x.map((v) => v / (1 + Math.abs(v))),
    softplus: (x) => x.map((v) => Math.log1p(Math.exp(v))),
    softmax: (x) => {
      const e = x.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    },
    swish: (x) => x.map((v) => v * sigmoid(v)),
    gelu: (x) => x.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), // exact form (Keras approximate=False)
    leaky_relu: (x) => x.map((v) => (v > 0 ? v : 0.2 * v)), // keras.activations.leaky_relu, negative_slope=0.2
  };
  it.each(activations.entries.map((e) => [e.name]))('%s computes the Keras formula', (name) => {
    const ref = REFERENCE[name];
    expect(ref, `no reference formula for activation ${name}`).toBeDefined();
    const row = [-3, -1, -0.2, 0, 0.2, 1, 3];
    const layer = layers.get('activation')!.build(tf, { activation: name }, [row.length]);
    const input = tf.tensor2d([row]);
    const out = layer.apply(input) as TF.Tensor;
    const got = Array.from(out.dataSync());
    tf.dispose([input, out]);
    const want = ref!(row);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}(${row[i]}) = ${v}, want ${want[i]}`).toBeLessThan(1e-5));
  });
});

/** A model, labels and data each loss can train with. */
function lossSetup(name: string): { model: Obj[]; labels?: string; data?: Obj } {
  const regression = { generator: 'linear', samples: 48, features: 4 };
  const two = (activation: string) => ({ model: [HIDDEN, { type: 'dense', units: 2, activation }], labels: 'onehot' });
  switch (name) {
    case 'hinge':
    case 'squared_hinge':
      return { model: [HIDDEN, SIGN_OUT], labels: 'sign' };
    case 'binary_crossentropy':
      return { model: [HIDDEN, { type: 'dense', units: 1, activation: 'sigmoid' }], labels: 'binary' };
    case 'categorical_crossentropy':
    case 'categorical_hinge':
    case 'kl_divergence':
      return two('softmax');
    case 'sparse_categorical_crossentropy':
      return { ...two('softmax'), labels: 'index' };
    case 'cosine_similarity':
      return two('linear');
    case 'poisson':
      return { model: [HIDDEN, { type: 'dense', units: 1, activation: 'softplus' }], data: regression };
    case 'mean_squared_error':
    case 'mean_absolute_error':
    case 'mean_absolute_percentage_error':
    case 'mean_squared_logarithmic_error':
    case 'log_cosh':
    case 'huber':
      return { model: [HIDDEN, { type: 'dense', units: 1 }], data: regression };
    default:
      throw new Error(`no training setup for loss ${name}: add one to lossSetup`);
  }
}

describe('losses', () => {
  it.each(losses.entries.map((e) => [e.name]))('%s builds and trains', async (name) => {
    const s = await expectTrains(experiment({ ...lossSetup(name), loss: name }));
    expect(s.loss).toBeGreaterThan(name === 'cosine_similarity' ? -1.0001 : 0);
  });

  // Keras's per-sample formulas in float64, on one batch of two rows.
  const EPS = 1e-7;
  const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
  const norm = (a: number[]) => Math.sqrt(sum(a.map((v) => v * v)));
  type Case = { y: number[][]; p: number[][]; ref: (y: number[], p: number[]) => number };
  const SIGN = { y: [[1, -1, 1], [-1, -1, 1]], p: [[0.3, 0.5, -2], [-0.9, 0.1, 1.5]] };
  const PROB = { y: [[0, 1, 0], [1, 0, 0]], p: [[0.2, 0.7, 0.1], [0.3, 0.3, 0.4]] };
  const BIN = { y: [[1, 0, 1], [0, 0, 1]], p: [[0.9, 0.2, 0.4], [0.6, 0.05, 0.999]] };
  const VAL = { y: [[1.5, -0.5, 2], [0.2, 3, -1]], p: [[1, 0.5, 2.5], [0.4, 1, 0.5]] };
  const POS = { y: [[1.5, 0.5, 2], [0.2, 3, 1]], p: [[1, 0.5, 2.5], [0.4, 1, 0.5]] };
  const CASES: Record<string, Case> = {
    hinge: { ...SIGN, ref: (y, p) => mean(y.map((v, i) => Math.max(1 - v * p[i]!, 0))) },
    squared_hinge: { ...SIGN, ref: (y, p) => mean(y.map((v, i) => Math.max(1 - v * p[i]!, 0) ** 2)) },
    categorical_hinge: {
      ...PROB,
      ref: (y, p) => Math.max(0, Math.max(...y.map((v, i) => (1 - v) * p[i]!)) - sum(y.map((v, i) => v * p[i]!)) + 1),
    },
    binary_crossentropy: {
      ...BIN,
      ref: (y, p) => -mean(y.map((v, i) => {
        const q = clip(p[i]!, EPS, 1 - EPS);
        return v * Math.log(q) + (1 - v) * Math.log(1 - q);
      })),
    },
    categorical_crossentropy: { ...PROB, ref: (y, p) => -sum(y.map((v, i) => v * Math.log(clip(p[i]! / sum(p), EPS, 1 - EPS)))) },
    sparse_categorical_crossentropy: {
      y: [[1], [0]], p: PROB.p,
      ref: (y, p) => -Math.log(clip(p[y[0]!]! / sum(p), EPS, 1 - EPS)),
    },
    kl_divergence: {
      ...PROB,
      ref: (y, p) => sum(y.map((v, i) => clip(v, EPS, 1) * Math.log(clip(v, EPS, 1) / clip(p[i]!, EPS, 1)))),
    },
    cosine_similarity: { ...VAL, ref: (y, p) => -sum(y.map((v, i) => (v / norm(y)) * (p[i]! / norm(p)))) },
    mean_squared_error: { ...VAL, ref: (y, p) => mean(y.map((v, i) => (v - p[i]!) ** 2)) },
    mean_absolute_error: { ...VAL, ref: (y, p) => mean(y.map((v, i) => Math.abs(v - p[i]!))) },
    mean_absolute_percentage_error: { ...VAL, ref: (y, p) => 100 * mean(y.map((v, i) => Math.abs(v - p[i]!) / Math.max(Math.abs(v), EPS))) },
    mean_squared_logarithmic_error: {
      ...POS,
      ref: (y, p) => mean(y.map((v, i) => (Math.log(Math.max(p[i]!, EPS) + 1) - Math.log(Math.max(v, EPS) + 1)) ** 2)),
    },
    poisson: { ...POS, ref: (y, p) => mean(y.map((v, i) => p[i]! - v * Math.log(p[i]! + EPS))) },
    log_cosh: { ...VAL, ref: (y, p) => mean(y.map((v, i) => Math.log(Math.cosh(p[i]! - v)))) },
    huber: {
      ...VAL,
      ref: (y, p) => mean(y.map((v, i) => {
        const e = Math.abs(v - p[i]!);
        return e <= 1 ? 0.5 * e * e : e - 0.5; // delta = 1
      })),
    },
  };
  it.each(losses.entries.map((e) => [e.name]))('%s computes the Keras formula per sample', (name) => {
    const c = CASES[name];
    expect(c, `no reference case for loss ${name}`).toBeDefined();
    const entry = losses.get(name)!;
    const fn = entry.build(tf, defaults(entry.params as TProperties, {}));
    const y = tf.tensor2d(c!.y);
    const p = tf.tensor2d(c!.p);
    const out = fn(y, p);
    expect(out.shape).toEqual([2]);
    const got = Array.from(out.dataSync());
    tf.dispose([y, p, out]);
    got.forEach((v, r) => {
      const want = c!.ref(c!.y[r]!, c!.p[r]!);
      expect(Math.abs(v - want), `row ${r}: ${v} vs ${want}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    });
  });
});

describe('cosine_similarity', () => {
  it('has a finite gradient at a zero prediction row (Keras l2_normalize, not a norm)', () => {
    const fn = losses.get('cosine_similarity')!.build(tf, {});
    const y = tf.tensor2d([[0, 1], [1, 0]]);
    const p = tf.tensor2d([[0, 0], [0.1, 0.5]]);
    const g = tf.grad((q: TF.Tensor) => tf.mean(fn(y, q)))(p);
    const values = Array.from(g.dataSync());
    tf.dispose([y, p, g]);
    expect(values.every(Number.isFinite), `gradient ${values}`).toBe(true);
  });
});

describe('optimizers', () => {
  const BCE = { model: [HIDDEN, { type: 'dense', units: 1, activation: 'sigmoid' }], labels: 'binary', loss: 'binary_crossentropy' };

  it.each(optimizers.entries.map((e) => [e.name]))('%s builds and trains', async (name) => {
    await expectTrains(experiment({ ...BCE, optimizer: name }));
  });

  it('sgd with (Nesterov) momentum trains', async () => {
    await expectTrains(experiment({ ...BCE, optimizer: { type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true } }));
  });

  /**
   * Keras parameter → the tfjs optimizer's config key it must reach. The Keras 2 rules
   * (engine/keras2-rules.ts) keep the Keras names; nadam (engine/nadam.ts) uses tfjs's style.
   */
  const same = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, k]));
  const TFJS_KEY: Record<string, Record<string, string>> = {
    sgd: same('learning_rate', 'momentum', 'nesterov', 'decay'),
    rmsprop: same('learning_rate', 'rho', 'momentum', 'epsilon', 'centered', 'decay'),
    adagrad: same('learning_rate', 'initial_accumulator_value', 'epsilon', 'decay'),
    adadelta: same('learning_rate', 'rho', 'epsilon', 'decay'),
    adam: same('learning_rate', 'beta_1', 'beta_2', 'epsilon', 'amsgrad', 'decay'),
    adamax: same('learning_rate', 'beta_1', 'beta_2', 'epsilon', 'decay'),
    nadam: { learning_rate: 'learningRate', beta_1: 'beta1', beta_2: 'beta2', epsilon: 'epsilon', schedule_decay: 'scheduleDecay' },
  };
  it.each(optimizers.entries.map((e) => [e.name]))('%s passes every Keras parameter to tfjs', async (name) => {
    const e = optimizers.get(name)!;
    const keys = TFJS_KEY[name];
    expect(keys, `no parameter map for optimizer ${name}`).toBeDefined();
    const given: Obj = {};
    for (const [k, s] of Object.entries(e.params as TProperties)) {
      expect(keys![k], `optimizer ${name}: parameter ${k} has no tfjs mapping in this test`).toBeDefined();
      const d = (s as { default?: unknown }).default;
      given[k] = typeof d === 'boolean' ? !d : d === 0 ? 0.3 : (d as number) * 0.5; // all non-default
    }
    // Through the loader, so the YAML spelling and the defaults filling are exercised too.
    const l = loadYaml(experiment({ ...BCE, optimizer: { type: name, ...given } }));
    const opt = await e.build(tf, l.x.compile.optimizer);
    const config = opt.getConfig();
    opt.dispose();
    for (const [k, v] of Object.entries(given)) expect(config[keys![k]!], `${name}.${k} → ${keys![k]}`).toBe(v);
  });
});

describe('metrics', () => {
  it.each(metrics.entries.map((e) => [e.name]))('%s is computed while training', async (name) => {
    const e = metrics.get(name)!;
    const lossEntry = losses.get(name);
    const s = lossEntry
      ? await expectTrains(experiment({ ...lossSetup(lossEntry.name), loss: lossEntry.name, metrics: [name] }))
      : await expectTrains(experiment({ model: [HIDDEN, { type: 'dense', units: 1, activation: 'sigmoid' }], labels: 'binary', loss: 'binary_crossentropy', metrics: [name] }));
    const row = s.history[0] as Record<string, number>;
    for (const k of [name, `val_${name}`]) expect(Number.isFinite(row[k]), `${k} = ${row[k]}`).toBe(true);
    if (e.kind === 'mean') {
      // Watching the loss itself as a metric reports the loss (same batches, same predictions).
      expect(row[name]).toBeCloseTo(row.loss!, 4);
      expect(row[`val_${name}`]).toBeCloseTo(row.val_loss!, 4);
    } else {
      for (const k of [name, `val_${name}`]) {
        expect(row[k]).toBeGreaterThanOrEqual(0);
        expect(row[k]).toBeLessThanOrEqual(1);
      }
    }
  });
});

/** A model around each layer type that fits 4 features; the expected tfjs class. */
function layerSetup(name: string): { model: Obj[]; className: string; data?: Obj; files?: Record<string, string>; labels?: string; loss?: string } {
  const seq = (...l: Obj[]) => [...l, SIGN_OUT];
  switch (name) {
    case 'dense': return { model: seq(HIDDEN), className: 'Dense' };
    case 'activation': return { model: seq({ type: 'dense', units: 4 }, { type: 'activation', activation: 'tanh' }), className: 'Activation' };
    case 'dropout': return { model: seq(HIDDEN, { type: 'dropout', rate: 0.25 }), className: 'Dropout' };
    case 'batch_normalization': return { model: seq({ type: 'dense', units: 4 }, { type: 'batch_normalization' }), className: 'BatchNormalization' };
    case 'flatten': return { model: seq({ type: 'reshape', target_shape: [2, 2] }, { type: 'flatten' }), className: 'Flatten' };
    case 'reshape': return { model: seq({ type: 'reshape', target_shape: [2, 2] }, { type: 'dense', units: 3 }, { type: 'flatten' }), className: 'Reshape' };
    case 'leaky_relu': return { model: seq({ type: 'dense', units: 4 }, { type: 'leaky_relu' }), className: 'LeakyReLU' };
    case 'conv1d': return { model: seq({ type: 'reshape', target_shape: [4, 1] }, { type: 'conv1d', filters: 2, kernel_size: 2 }, { type: 'flatten' }), className: 'Conv1D' };
    case 'conv2d': return { model: seq({ type: 'reshape', target_shape: [2, 2, 1] }, { type: 'conv2d', filters: 2, kernel_size: 2, padding: 'same' }, { type: 'flatten' }), className: 'Conv2D' };
    case 'max_pooling1d': return { model: seq({ type: 'reshape', target_shape: [4, 1] }, { type: 'max_pooling1d', pool_size: 2 }, { type: 'flatten' }), className: 'MaxPooling1D' };
    case 'max_pooling2d': return { model: seq({ type: 'reshape', target_shape: [2, 2, 1] }, { type: 'max_pooling2d', pool_size: 2 }, { type: 'flatten' }), className: 'MaxPooling2D' };
    case 'simple_rnn': return { model: seq({ type: 'reshape', target_shape: [4, 1] }, { type: 'simple_rnn', units: 3 }), className: 'SimpleRNN' };
    case 'lstm': return { model: seq({ type: 'reshape', target_shape: [4, 1] }, { type: 'lstm', units: 3 }), className: 'LSTM' };
    case 'gru': return { model: seq({ type: 'reshape', target_shape: [4, 1] }, { type: 'gru', units: 3, return_sequences: true }, { type: 'flatten' }), className: 'GRU' };
    case 'embedding':
      return {
        model: [{ type: 'embedding', input_dim: 5, output_dim: 3 }, { type: 'flatten' }, { type: 'dense', units: 1, activation: 'sigmoid' }],
        className: 'Embedding',
        data: { path: 'ids.csv', target: 'label', labels: 'binary' },
        files: { 'ids.csv': integerCsv() },
        loss: 'binary_crossentropy',
      };
    default:
      throw new Error(`no training setup for layer ${name}: add one to layerSetup`);
  }
}

describe('layers', () => {
  it.each(layers.entries.map((e) => [e.name]))('%s builds and trains', async (name) => {
    const setup = layerSetup(name);
    const s = await expectTrains(experiment({ model: setup.model, loss: setup.loss ?? 'hinge', data: setup.data }), setup.files);
    expect(s.layers.map((l) => l.className)).toContain(setup.className);
    // A layer with weights of its own trained them (expectTrains checked every one moved).
    if (['Dense', 'BatchNormalization', 'Conv1D', 'Conv2D', 'SimpleRNN', 'LSTM', 'GRU', 'Embedding'].includes(setup.className)) {
      expect(s.layers.find((l) => l.className === setup.className)!.changed.length).toBeGreaterThan(0);
    }
  });

  it('dropout draws a new mask every step (a seeded mask would repeat)', async () => {
    // rate 0.5 on a wide layer: two identical batches in training mode give different outputs.
    const layer = layers.get('dropout')!.build(tf, { rate: 0.5 }, [64]);
    const input = tf.ones([1, 64]);
    const rng = makeRng(1, 'train');
    const [a, b] = withRandom(rng, () => [layer.apply(input, { training: true }), layer.apply(input, { training: true })]) as TF.Tensor[];
    const same = Array.from(a!.dataSync()).every((v, i) => v === b!.dataSync()[i]);
    tf.dispose([input, a!, b!]);
    expect(same).toBe(false);
  });
});
