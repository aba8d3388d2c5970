/**
 * Synthetic data sets, by name. Each entry declares its own parameters (the
 * common keys `generator`, `samples`, `labels`, `normalize` are added by the
 * experiment schema) and generates rows from a seeded rng, in shuffled order
 * (Keras's validation_split takes the last rows, so class-sorted rows would be bad).
 */
import { Type, type TProperties } from '@sinclair/typebox';
import { defaults, makeRegistry, type Entry } from '../registry/entry.js';
import { normal, shuffleInPlace, uniform } from './rng.js';
import type { RawData, Rng } from './types.js';

export type GeneratorTask = 'classification' | 'regression';

/** A generator: registry metadata plus `generate`; `build` is unused and throws. */
export type GeneratorEntry = Entry<TProperties, never> & {
  readonly task: GeneratorTask;
  /** Draws `params.samples` rows; missing params take their schema defaults. */
  generate(rng: Rng, params: Record<string, unknown>): RawData;
};

type Params = Record<string, unknown>;
type Row = { x: number[]; y: number };

function num(p: Params, key: string): number {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`generator parameter ${key} must be a finite number`);
  return v;
}

function int(p: Params, key: string, min: number): number {
  const v = num(p, key);
  if (!Number.isInteger(v) || v < min) throw new Error(`generator parameter ${key} must be an integer >= ${min}`);
  return v;
}

const noiseParam = (def: number) =>
  Type.Number({ minimum: 0, default: def, description: 'standard deviation of gaussian noise added to each feature' });

/** Splits n into k near-equal counts (the first n % k get one more). */
function split(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

function jitter(rng: Rng, x: number[], noise: number): number[] {
  return noise > 0 ? x.map((v) => v + noise * normal(rng)) : x;
}

const featureNames = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);
const classNames = (k: number) => Array.from({ length: k }, (_, i) => String(i));

function toRaw(rows: Row[], classes: string[] | null, nFeatures: number): RawData {
  return { x: rows.map((r) => r.x), y: rows.map((r) => r.y), classes, featureNames: featureNames(nFeatures) };
}

function entry(
  e: Omit<GeneratorEntry, 'build' | 'generate'> & { gen(rng: Rng, p: Params, samples: number): RawData },
): GeneratorEntry {
  const { gen, ...meta } = e;
  return {
    ...meta,
    build: () => {
      throw new Error(`generator ${e.name}: use generate`);
    },
    generate(rng, params) {
      const p = { ...params, ...defaults(e.params, params) };
      return gen(rng, p, int(p, 'samples', 1));
    },
  };
}

const uniformSum = entry({
  name: 'uniform_sum',
  doc: 'x ~ U[0,1)^features; class 1 when sum(x) > threshold, else 0',
  task: 'classification',
  params: {
    features: Type.Integer({ minimum: 1, default: 5, description: 'number of features' }),
    threshold: Type.Optional(Type.Number({ description: 'class boundary on sum(x); defaults to features / 2' })),
  },
  gen(rng, p, n) {
    const f = int(p, 'features', 1);
    const threshold = p.threshold === undefined ? f / 2 : num(p, 'threshold');
    const rows = Array.from({ length: n }, (): Row => {
      const x = Array.from({ length: f }, () => rng());
      return { x, y: x.reduce((a, b) => a + b, 0) > threshold ? 1 : 0 };
    });
    return toRaw(rows, ['0', '1'], f);
  },
});

const xor = entry({
  name: 'xor',
  doc: 'x ~ U[-1,1)^2; class 1 when x0*x1 > 0 (same-sign quadrants), then noise is added',
  task: 'classification',
  params: { noise: noiseParam(0.1) },
  gen(rng, p, n) {
    const noise = num(p, 'noise');
    const rows = Array.from({ length: n }, (): Row => {
      const x = [uniform(rng, -1, 1), uniform(rng, -1, 1)];
      return { x: jitter(rng, x, noise), y: x[0] * x[1] > 0 ? 1 : 0 };
    });
    return toRaw(rows, ['0', '1'], 2);
  },
});

const circles = entry({
  name: 'circles',
  aliases: ['make_circles'],
  doc: 'two concentric circles (sklearn make_circles): outer radius 1 is class 0, inner radius factor is class 1',
  task: 'classification',
  params: {
    noise: noiseParam(0.1),
    factor: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'inner radius / outer radius' }),
  },
  gen(rng, p, n) {
    const noise = num(p, 'noise');
    const factor = num(p, 'factor');
    const rows: Row[] = [];
    split(n, 2).forEach((count, cls) => {
      const r = cls === 0 ? 1 : factor;
      for (let i = 0; i < count; i++) {
        const t = uniform(rng, 0, 2 * Math.PI);
        rows.push({ x: jitter(rng, [r * Math.cos(t), r * Math.sin(t)], noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), ['0', '1'], 2);
  },
});

const moons = entry({
  name: 'moons',
  aliases: ['make_moons'],
  doc: 'two interleaving half circles (sklearn make_moons): upper moon class 0, lower moon class 1',
  task: 'classification',
  params: { noise: noiseParam(0.1) },
  gen(rng, p, n) {
    const noise = num(p, 'noise');
    const rows: Row[] = [];
    split(n, 2).forEach((count, cls) => {
      for (let i = 0; i < count; i++) {
        const t = uniform(rng, 0, Math.PI);
        const x = cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
        rows.push({ x: jitter(rng, x, noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), ['0', '1'], 2);
  },
});

const spirals = entry({
  name: 'spirals',
  aliases: ['spiral'],
  doc: 'interleaved spiral arms from the origin to radius 1, one arm per class',
  task: 'classification',
  params: {
    noise: noiseParam(0.1),
    classes: Type.Integer({ minimum: 2, default: 2, description: 'number of arms (classes)' }),
    turns: Type.Number({ exclusiveMinimum: 0, default: 1.5, description: 'full turns each arm makes' }),
  },
  gen(rng, p, n) {
    const noise = num(p, 'noise');
    const k = int(p, 'classes', 2);
    const turns = num(p, 'turns');
    const rows: Row[] = [];
    split(n, k).forEach((count, cls) => {
      for (let i = 0; i < count; i++) {
        const r = rng();
        const t = 2 * Math.PI * (turns * r + cls / k);
        rows.push({ x: jitter(rng, [r * Math.cos(t), r * Math.sin(t)], noise), y: cls });
      }
    });
    return toRaw(shuffleInPlace(rows, rng), classNames(k), 2);
  },
});

const linear = entry({
  name: 'linear',
  doc: 'regression: x ~ U[-1,1)^features, y = x·w + intercept + noise·N(0,1); w is fixed, not random',
  task: 'regression',
  params: {
    features: Type.Integer({ minimum: 1, default: 1, description: 'number of features' }),
    noise: Type.Number({ minimum: 0, default: 0.1, description: 'standard deviation of gaussian noise added to y' }),
    slope: Type.Number({ default: 2, description: 'weight of every feature (unless weights is given)' }),
    intercept: Type.Number({ default: 1, description: 'constant term b' }),
    weights: Type.Optional(
      Type.Array(Type.Number(), { minItems: 1, description: 'one weight per feature; overrides slope' }),
    ),
  },
  gen(rng, p, n) {
    const f = int(p, 'features', 1);
    const noise = num(p, 'noise');
    const b = num(p, 'intercept');
    const w = Array.isArray(p.weights) ? (p.weights as number[]) : Array.from({ length: f }, () => num(p, 'slope'));
    if (w.length !== f || !w.every(Number.isFinite)) {
      throw new Error(`generator linear: weights must be ${f} finite numbers (one per feature)`);
    }
    const rows = Array.from({ length: n }, (): Row => {
      const x = Array.from({ length: f }, () => uniform(rng, -1, 1));
      const y = x.reduce((acc, v, j) => acc + v * w[j], b);
      return { x, y: noise > 0 ? y + noise * normal(rng) : y };
    });
    return toRaw(rows, null, f);
  },
});

export const generators = makeRegistry<GeneratorEntry>('generator', [uniformSum, xor, circles, moons, spirals, linear]);
