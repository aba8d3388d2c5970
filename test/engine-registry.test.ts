/**
 * Every optimizer and layer type builds and trains: one case per registry entry, each loaded
 * from YAML through the real loader, built by the registry's builder and trained for one epoch
 * (a few steps) by the real training loop (test/registry-helpers.ts). A new entry without a
 * case here, or without a working builder, fails. Activations, losses and metrics have their
 * own files (test/registry-*.test.ts).
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../src/data/rng.js';
import { withRandom } from '../src/engine/random.js';
import { layers } from '../src/registry/layers/index.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { loadYaml } from './run-helpers.js';
import { expectTrains, experiment, HIDDEN, SIGN_OUT, useTf, type Obj } from './registry-helpers.js';

const tfOf = useTf();

/** Small integer features (ids 0..4) and a class that depends on them, for the embedding layer. */
function integerCsv(): string {
  const rows = ['a,b,c,d,label'];
  for (let i = 0; i < 48; i++) {
    const f = [i % 5, (i * 3 + 1) % 5, (i * 7 + 2) % 5, (i * 2) % 5];
    rows.push(`${f.join(',')},${f[0]! + f[1]! > 4 ? 'yes' : 'no'}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('optimizers', () => {
  const BCE = { model: [HIDDEN, { type: 'dense', units: 1, activation: 'sigmoid' }], labels: 'binary', loss: 'binary_crossentropy' };

  it.each(optimizers.entries.map((e) => [e.name]))('%s builds and trains', async (name) => {
    await expectTrains(experiment({ ...BCE, optimizer: name }));
  });

  it('sgd with (Nesterov) momentum trains', async () => {
    await expectTrains(experiment({ ...BCE, optimizer: { type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true } }));
  });
  // every Keras parameter reaches tfjs: test/registry-optimizer-checks.ts
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
    const tf = tfOf();
    const layer = layers.get('dropout')!.build(tf, { rate: 0.5 }, [64]);
    const input = tf.ones([1, 64]);
    const rng = makeRng(1, 'train');
    const [a, b] = withRandom(rng, () => [layer.apply(input, { training: true }), layer.apply(input, { training: true })]) as TF.Tensor[];
    const same = Array.from(a!.dataSync()).every((v, i) => v === b!.dataSync()[i]);
    tf.dispose([input, a!, b!]);
    expect(same).toBe(false);
  });
});
