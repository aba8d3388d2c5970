/**
 * What every generator entry is: its own parameters (the common keys `generator`, `samples`,
 * `labels`, `normalize` are added by the experiment schema), its task, and `generate`, which
 * draws rows from a seeded rng in shuffled order (Keras's validation_split takes the last rows,
 * so class-sorted rows would be bad). The rng and the row types are data/'s.
 */
import { Type, type TProperties } from '@sinclair/typebox';
import { defaults, type EntryBase, type Params } from '../entry.js';
import { normal } from '../../data/rng.js';
import type { RawData, Rng } from '../../data/types.js';

export type GeneratorTask = 'classification' | 'regression';

export interface GeneratorEntry<P extends TProperties = TProperties> extends EntryBase<P> {
  readonly task: GeneratorTask;
  /** Draws `params.samples` rows; missing params take their schema defaults. */
  generate(rng: Rng, params: Record<string, unknown>): RawData;
}

interface GeneratorDef<P extends TProperties> extends EntryBase<P> {
  readonly task: GeneratorTask;
  /** `samples` rows from `p` (defaults filled in). */
  gen(rng: Rng, p: Params<P>, samples: number): RawData;
}

/** Declares a generator with its parameter types inferred from `params`. */
export function generator<P extends TProperties>(def: GeneratorDef<P>): GeneratorEntry<P> {
  const { gen, ...meta } = def;
  return {
    ...meta,
    generate(rng, params) {
      const samples = params.samples;
      if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < 1) {
        throw new Error(`generator ${def.name}: samples must be an integer >= 1`);
      }
      return gen(rng, { ...params, ...defaults(def.params, params) }, samples);
    },
  };
}

export type Row = { x: number[]; y: number };

export const noiseParam = (def: number) =>
  Type.Number({ minimum: 0, default: def, description: 'standard deviation of gaussian noise added to each feature' });

/** Splits n into k near-equal counts (the first n % k get one more). */
export function split(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

export function jitter(rng: Rng, x: number[], noise: number): number[] {
  return noise > 0 ? x.map((v) => v + noise * normal(rng)) : x;
}

export const classNames = (k: number) => Array.from({ length: k }, (_, i) => String(i));

export function toRaw(rows: Row[], classes: string[] | null, nFeatures: number): RawData {
  const featureNames = Array.from({ length: nFeatures }, (_, i) => `x${i}`);
  return { x: rows.map((r) => r.x), y: rows.map((r) => r.y), classes, featureNames };
}
