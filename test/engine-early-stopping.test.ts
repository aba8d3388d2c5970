/**
 * early_stopping follows Keras's EarlyStopping: stop after `patience` epochs
 * in a row without an improvement larger than `min_delta` (accuracy-like
 * metrics up, losses down), and with restore_best_weights end with the best
 * epoch's weights.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/engine/dataset.js';
import { EarlyStopping } from '../src/engine/early-stopping.js';
import { metricPlan } from '../src/engine/metrics.js';
import { runExperiment } from '../src/engine/run.js';
import { loadArtifacts } from '../src/engine/save.js';
import { loadTf } from '../src/engine/tf.js';
import { evaluate } from '../src/engine/train.js';
import { defaults, type Tf } from '../src/registry/entry.js';
import { losses } from '../src/registry/losses/index.js';
import { loadYaml } from './run-helpers.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
});

const opts = (o: Partial<ConstructorParameters<typeof EarlyStopping>[1]>) => ({ monitor: 'val_loss', patience: 0, min_delta: 0, restore_best_weights: false, ...o });

function decisions(es: EarlyStopping, monitor: string, values: number[], vars: TF.Variable[] = []): boolean[] {
  return values.map((v) => es.update({ [monitor]: v }, vars));
}

describe('EarlyStopping (Keras semantics)', () => {
  it('patience 0 stops at the first epoch without improvement', () => {
    expect(decisions(new EarlyStopping(tf, opts({})), 'val_loss', [1, 0.9, 0.8, 0.8])).toEqual([false, false, false, true]);
  });

  it('patience N stops after N epochs in a row without improvement; an improvement resets the count', () => {
    const es = new EarlyStopping(tf, opts({ patience: 2 }));
    expect(decisions(es, 'val_loss', [1, 1.1, 0.9, 0.95, 0.91, 0.5])).toEqual([false, false, false, false, true, false]);
  });

  it('min_delta: a change must exceed it to count as an improvement', () => {
    // 0.95 is not below 1.0 - 0.1; 0.85 is; 0.8 and 0.79 are not below 0.85 - 0.1.
    const es = new EarlyStopping(tf, opts({ patience: 2, min_delta: 0.1 }));
    expect(decisions(es, 'val_loss', [1.0, 0.95, 0.85, 0.8, 0.79])).toEqual([false, false, false, false, true]);
  });

  it('accuracy-like metrics must go up (equal is no improvement)', () => {
    expect(decisions(new EarlyStopping(tf, opts({ monitor: 'val_accuracy' })), 'val_accuracy', [0.5, 0.6, 0.6])).toEqual([false, false, true]);
    expect(decisions(new EarlyStopping(tf, opts({ monitor: 'accuracy', min_delta: 0.05 })), 'accuracy', [0.5, 0.56, 0.6])).toEqual([false, false, true]);
    // patience 1: one epoch without improvement is enough; precision going up is an improvement.
    expect(decisions(new EarlyStopping(tf, opts({ monitor: 'val_precision', patience: 1 })), 'val_precision', [0.5, 0.6, 0.55])).toEqual([false, false, true]);
    expect(decisions(new EarlyStopping(tf, opts({ monitor: 'val_loss', patience: 1 })), 'val_loss', [0.5, 0.6, 0.4])).toEqual([false, true, false]);
  });

  it('restore_best_weights brings back the best epoch\'s weights and frees its copies', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.scalar(0)));
    const es = new EarlyStopping(tf, opts({ patience: 2, restore_best_weights: true }));
    const losses = [1, 0.5, 0.7, 0.9];
    const stops = losses.map((l, i) => {
      tf.tidy(() => w.assign(tf.scalar(10 + i))); // the weights "after" epoch i
      return es.update({ val_loss: l }, [w]);
    });
    expect(stops).toEqual([false, false, false, true]);
    es.restore([w]);
    expect(w.dataSync()[0]).toBe(11); // epoch 2, the best val_loss
    es.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

const YAML = (earlyStopping: Record<string, unknown>) =>
  stringify({
    name: 'es',
    seed: 5,
    data: { generator: 'moons', samples: 200, noise: 0.3, labels: 'binary' },
    model: [{ type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 1, activation: 'sigmoid' }],
    compile: { optimizer: { type: 'adam', learning_rate: 0.05 }, loss: 'binary_crossentropy', metrics: ['accuracy'] },
    fit: { epochs: 150, batch_size: 32, validation_split: 0.3, early_stopping: earlyStopping },
  });

describe('early_stopping in a run', () => {
  it('a Keras alias (val_acc) watches val_accuracy; patience 0 stops at the first epoch that does not beat the best', async () => {
    const l = loadYaml(YAML({ monitor: 'val_acc', patience: 0 }));
    expect(l.x.fit.early_stopping!.monitor).toBe('val_accuracy');
    const out = await runExperiment(l.x, l.source, { backend: 'cpu' });
    expect(out.status).toBe('stopped_early');
    expect(out.epochsRun).toBeLessThan(150);
    const acc = out.history.map((r) => r.val_accuracy!);
    // Every epoch before the last beat all earlier ones; the last did not.
    acc.slice(0, -1).forEach((v, i) => expect(v).toBeGreaterThan(Math.max(-Infinity, ...acc.slice(0, i))));
    expect(acc[acc.length - 1]).toBeLessThanOrEqual(Math.max(...acc.slice(0, -1)));
  });

  it('restore_best_weights: the saved model is the best epoch\'s (its val_loss is the minimum of the history)', async () => {
    const l = loadYaml(YAML({ monitor: 'val_loss', patience: 3, restore_best_weights: true }));
    const out = await runExperiment(l.x, l.source, { backend: 'cpu' });
    expect(out.status).toBe('stopped_early');
    const valLoss = out.history.map((r) => r.val_loss!);
    const best = Math.min(...valLoss);
    expect(valLoss.indexOf(best)).toBe(valLoss.length - 4); // 3 epochs without improvement after the best
    expect(valLoss[valLoss.length - 1]).toBeGreaterThan(best);
    // Evaluate the saved model on the validation rows, as training did.
    const data = prepareDataset(l.x, l.source.yamlFile, l.source.dataFiles);
    const entry = losses.get(l.x.compile.loss.type)!;
    const lossFn = entry.build(tf, defaults(entry.params as TProperties, l.x.compile.loss));
    const model = (await loadArtifacts(tf, out.model.modelJson, out.model.weights)) as TF.Sequential;
    const got = await evaluate(tf, model, lossFn, metricPlan(tf, l.x.compile.metrics, data.labels), data.val!);
    model.dispose();
    expect(got.loss).toBeCloseTo(best, 6);
    expect(got.accuracy).toBeCloseTo(out.history[valLoss.indexOf(best)]!.val_accuracy!, 6);
  });
});
