/**
 * Every metric entry through the same checks: computed while training, finite on both the
 * training and the validation rows; a loss watched as a metric reports the loss itself, and
 * the counted metrics stay within [0, 1].
 */
import { describe, expect, it } from 'vitest';
import { losses } from '../src/registry/losses/index.js';
import { metrics } from '../src/registry/metrics/index.js';
import { expectTrains, experiment, HIDDEN, lossSetup, useTf } from './registry-helpers.js';

useTf();

describe('metrics', () => {
  it.each(metrics.entries.map((e) => [e.name, e] as const))('%s is computed while training', async (name, e) => {
    const lossEntry = losses.get(name);
    const s = lossEntry
      ? await expectTrains(experiment({ ...lossSetup(lossEntry), loss: lossEntry.name, metrics: [name] }))
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

  it('every loss is also a metric, under its short Keras name where it has one', () => {
    for (const l of losses.entries) {
      const m = metrics.get(l.name);
      expect(m?.kind, l.name).toBe('mean');
      expect(m!.fused, `${l.name}: the metric uses the loss's fused form`).toBe(l.fused);
    }
    expect(metrics.canonical('mean_squared_error')).toBe('mse');
    expect(metrics.get('mse')!.kind).toBe('mean');
  });
});
