/**
 * Every tensor a run makes is freed: ten different experiments run one after
 * another in this process through runExperiment, and after each one
 * tf.memory().numTensors is back where it was, including a run that
 * diverges, one that stops early with restored weights and one cancelled
 * in the middle of an epoch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import { runExperiment, type RunOptions } from '../src/engine/run.js';
import { loadTf } from '../src/engine/tf.js';
import { CancelledError } from '../src/engine/train.js';
import type { Tf } from '../src/registry/entry.js';
import { loadYaml, ROOT } from './run-helpers.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
});

const iris = {
  'data/iris.csv': readFileSync(join(ROOT, 'experiments/data/iris.csv'), 'utf8'),
  'data/iris-test.csv': readFileSync(join(ROOT, 'experiments/data/iris-test.csv'), 'utf8'),
};

// Small on purpose: a leak shows in the count after one run, and each run still has a validation split, a last batch
// smaller than the others (48 generated rows: 38 to train, in batches of 16, 16 and 6) and a second epoch (a
// reshuffle), so every kind of step runs.
const exp = (name: string, o: Record<string, unknown>) =>
  stringify({
    name,
    seed: 11,
    data: { generator: 'uniform_sum', samples: 48, features: 4, labels: 'sign' },
    test: { samples: 16 },
    model: [{ type: 'dense', units: 6, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'tanh' }],
    compile: { optimizer: 'adam', loss: 'hinge', metrics: ['accuracy'] },
    ...o,
    fit: { epochs: 2, batch_size: 16, validation_split: 0.2, ...(o.fit as object) },
  });

const onehot = (generator: Record<string, unknown>, classes: number) => ({
  data: { ...generator, samples: 48, labels: 'onehot' },
  model: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: classes, activation: 'softmax' }],
  compile: { optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy', 'precision', 'recall'] },
});

const EXPERIMENTS: { name: string; yaml: string; expect: string; cancelAfterEpoch?: number }[] = [
  { name: 'hinge', yaml: exp('hinge', {}), expect: 'ok' },
  { name: 'softmax-xor', yaml: exp('softmax-xor', { ...onehot({ generator: 'xor' }, 2), test: { samples: 16 } }), expect: 'ok' },
  {
    name: 'iris-csv',
    yaml: exp('iris-csv', {
      data: { path: 'data/iris.csv', target: 'species', labels: 'index', normalize: 'standard' },
      test: { path: 'data/iris-test.csv' },
      model: [{ type: 'dense', units: 8, activation: 'relu', kernel_regularizer: 'l2' }, { type: 'dense', units: 3, activation: 'softmax' }],
      compile: { optimizer: 'nadam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] },
    }),
    expect: 'ok',
  },
  {
    name: 'regression',
    yaml: exp('regression', {
      data: { generator: 'linear', samples: 48, features: 3 },
      test: { samples: 16 },
      model: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 1 }],
      compile: { optimizer: { type: 'sgd', learning_rate: 0.05, momentum: 0.9 }, loss: 'huber', metrics: ['mse', 'mae'] },
    }),
    expect: 'ok',
  },
  {
    name: 'dropout-batchnorm',
    yaml: exp('dropout-batchnorm', {
      ...onehot({ generator: 'circles' }, 2),
      model: [{ type: 'dense', units: 8 }, { type: 'batch_normalization' }, { type: 'activation', activation: 'relu' }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 2, activation: 'softmax' }],
    }),
    expect: 'ok',
  },
  {
    name: 'lstm',
    yaml: exp('lstm', {
      ...onehot({ generator: 'spirals', classes: 3 }, 3),
      model: [{ type: 'reshape', target_shape: [2, 1] }, { type: 'lstm', units: 4 }, { type: 'dense', units: 3, activation: 'softmax' }],
      compile: { optimizer: 'adagrad', loss: 'categorical_crossentropy' },
    }),
    expect: 'ok',
  },
  {
    name: 'conv',
    yaml: exp('conv', {
      model: [{ type: 'reshape', target_shape: [4, 1] }, { type: 'conv1d', filters: 2, kernel_size: 2 }, { type: 'max_pooling1d' }, { type: 'flatten' }, { type: 'dense', units: 1, activation: 'tanh' }],
      compile: { optimizer: 'adadelta', loss: 'squared_hinge', metrics: ['accuracy'] },
    }),
    expect: 'ok',
  },
  {
    name: 'early-stopping',
    yaml: exp('early-stopping', { fit: { epochs: 60, early_stopping: { monitor: 'loss', patience: 0, min_delta: 0.05, restore_best_weights: true } } }),
    expect: 'stopped_early',
  },
  {
    name: 'diverged',
    yaml: exp('diverged', {
      data: { generator: 'linear', samples: 48, features: 3 },
      test: { samples: 16 },
      model: [{ type: 'dense', units: 4 }, { type: 'dense', units: 1 }],
      compile: { optimizer: { type: 'sgd', learning_rate: 1e6 }, loss: 'mse' },
      fit: { epochs: 30 },
    }),
    expect: 'diverged',
  },
  { name: 'cancelled', yaml: exp('cancelled', { fit: { epochs: 50 } }), expect: 'cancelled', cancelAfterEpoch: 2 },
];

// The default engine choice, and the tfjs training loop forced (a faster engine may take dense stacks by default).
it.each<[string, RunOptions]>([['default engine', {}], ['tfjs engine', { engine: 'tfjs' } as RunOptions]])('ten experiments in one process leave tf.memory().numTensors where it started (%s)', async (_label, engine) => {
  expect(EXPERIMENTS).toHaveLength(10);
  const start = tf.memory().numTensors;
  for (const e of EXPERIMENTS) {
    const l = loadYaml(e.yaml, iris, e.name);
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    let status: string;
    try {
      const out = await runExperiment(l.x, l.source, {
        ...engine,
        backend: 'cpu',
        signal: ac.signal,
        // Abort from inside the epoch callback: the next batch sees it, mid-epoch.
        onEpoch: (row) => (row.epoch === e.cancelAfterEpoch ? ac.abort() : undefined),
      });
      status = out.status;
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
      status = 'cancelled';
    }
    expect(status, e.name).toBe(e.expect);
    expect(tf.memory().numTensors, `${e.name}: tensors left behind`).toBe(before);
  }
  expect(tf.memory().numTensors).toBe(start);
});

it('a run whose epoch callback throws frees its tensors too', async () => {
  const l = loadYaml(exp('throws', { fit: { epochs: 20 } }), {}, 'throws');
  const before = tf.memory().numTensors;
  await expect(runExperiment(l.x, l.source, {
    backend: 'cpu',
    onEpoch: (row) => {
      if (row.epoch === 3) throw new Error('boom');
    },
  })).rejects.toThrow('boom');
  expect(tf.memory().numTensors).toBe(before);
});
