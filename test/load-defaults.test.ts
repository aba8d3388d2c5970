/** Defaults are stated once, in the schema: what resolve fills in is what the JSON Schema says. */
import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../src/schema/experiment.js';
import { loadText } from './load-helpers.js';

type Props = Record<string, { default?: unknown; properties?: Props }>;
const schema = experimentJsonSchema() as { properties: Props };
const p = schema.properties;
const fit = (p.fit as { properties: Props }).properties;
const es = ((fit.early_stopping as { anyOf?: { properties?: Props }[] }).anyOf ?? [fit.early_stopping as { properties?: Props }]).find((s) => s.properties)!.properties!;
const compile = (p.compile as { properties: Props }).properties;

const MINIMAL = `data:
  generator: uniform_sum
  features: 3
model:
  - type: dense
    units: 1
    activation: tanh
compile:
  loss: hinge
`;
const WITH_ES = `${MINIMAL}fit:\n  validation_split: 0.2\n  early_stopping: {}\n`;

describe('resolved defaults', () => {
  it('equal the schema defaults for seed, samples, normalize, optimizer, metrics, fit and early_stopping', () => {
    const x = loadText(MINIMAL).experiment!;
    expect(x).toBeDefined();
    expect(x.seed).toBe(p.seed!.default);
    expect(x.compile.optimizer.type).toBe(compile.optimizer!.default);
    expect(x.compile.metrics).toEqual(compile.metrics!.default);
    for (const k of ['epochs', 'batch_size', 'validation_split', 'shuffle'] as const) expect([k, x.fit[k]]).toEqual([k, fit[k]!.default]);
    const withEs = loadText(WITH_ES).experiment!;
    for (const k of ['monitor', 'patience', 'min_delta', 'restore_best_weights'] as const) expect([k, withEs.fit.early_stopping![k]]).toEqual([k, es[k]!.default]);
    expect(x.data.normalize).toBe('none');
    expect(x.data.samples).toBe(250);
  });

  it('keep what the file sets', () => {
    const x = loadText(WITH_ES.replace('early_stopping: {}', 'early_stopping: {patience: 3}\n  epochs: 4')).experiment!;
    expect(x.fit.epochs).toBe(4);
    expect(x.fit.early_stopping).toEqual({ monitor: 'val_loss', patience: 3, min_delta: 0, restore_best_weights: false });
  });
});
