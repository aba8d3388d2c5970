/**
 * Size bounds, checked at validation before anything is allocated: rows and
 * features a generator would draw, classes, sweep points, parameters, batch
 * size against rows, and the estimated memory of a run against the machine.
 * Each issue names the estimate, so the user sees how far off it is.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { generators } from '../registry/generators/index.js';
import { defaults } from '../registry/entry.js';
import type { TProperties } from '@sinclair/typebox';
import { issue, type Issue, type PathSeg } from './issues.js';
import type { ResolvedExperiment } from './resolve.js';
import type { Locator } from './schema-check.js';
import { inferShapes, type ModelSize } from './shapes.js';

/** Fixed limits, the same on every machine (documented in the README's "Limits"). */
export const LIMITS = {
  /** rows × features of one data set: 2^30 values are 4 GiB as float32. */
  values: 2 ** 30,
  classes: 10_000,
  sweepPoints: 10_000,
  /** 2^30 float32 parameters are 4 GiB of weights alone. */
  params: 2 ** 30,
  /** batch_size above this many times the training rows is an error; above the rows, a warning. */
  batchOverRows: 100,
} as const;

/**
 * The points a sweep expands to, counted without expanding it (a grid of
 * nine keys with ten values each is 1e9 points): variants × grid × seeds.
 */
export function countSweepPoints(sweep: { grid?: Record<string, unknown>; variants?: unknown; seeds?: unknown }): number {
  const len = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.length : 1);
  let n = len(sweep.variants) * len(sweep.seeds);
  for (const values of Object.values(sweep.grid ?? {})) n *= len(values);
  return n;
}

export function sweepSizeIssue(sweep: Parameters<typeof countSweepPoints>[0], locateAt: Locator): Issue | undefined {
  const n = countSweepPoints(sweep);
  if (n <= LIMITS.sweepPoints) return undefined;
  return issue('size-limit', { ...locateAt(['sweep'], 'key'), path: 'sweep' }, `the sweep has ${count(n)} points; the limit is ${LIMITS.sweepPoints}`, 'sweep fewer values, or split the sweep into several files');
}

/** What the estimate may use: 3/4 of the machine's memory, and 3/4 of V8's heap for the rows held as JS arrays. */
export interface MemoryBudget {
  totalBytes: number;
  heapBytes: number;
}
export const machineBudget = (): MemoryBudget => ({
  totalBytes: Math.floor(0.75 * totalmem()),
  heapBytes: Math.floor(0.75 * getHeapStatistics().heap_size_limit),
});

/** Bytes per value and per row: a JS number in a row array, plus its float32 copy in a tensor. */
const JS_VALUE = 8;
const JS_ROW = 48;
const F32 = 4;
/** Weights, their gradients and two optimizer slots (Adam's m and v). */
const COPIES_PER_PARAM = 4;

export const bytes = (n: number): string => {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) (n /= 1024), u++;
  return u === 0 ? `${n} bytes` : `${n.toPrecision(3)} ${units[u]}`;
};
const count = (n: number) => (n < 1e6 ? String(n) : n.toExponential(2).replace('e+', 'e'));

type Add = (path: PathSeg[], message: string, hint?: string, code?: 'size-limit' | 'memory-limit') => void;
const adder = (out: Issue[], locateAt: Locator): Add => (path, message, hint, code = 'size-limit') =>
  out.push(issue(code, { ...locateAt(path, 'value'), path: path.join('.') }, message, hint));

/** Rows and features a generator spec would draw, with its defaults (null for a file). */
function generatorSize(spec: Record<string, unknown> | undefined): { rows: number; features: number; classes: number } | null {
  const g = typeof spec?.generator === 'string' ? generators.get(spec.generator) : undefined;
  if (!g || typeof spec?.path === 'string') return null;
  const p = defaults(g.params as TProperties, spec!);
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  const weights = Array.isArray(p.weights) ? p.weights.length : 0;
  return { rows: num(spec!.samples, 250), features: Math.max(num(p.features, 2), weights), classes: num(p.classes, 2) };
}

/**
 * Bounds on the written experiment, before its data is drawn or read: a
 * generator's rows × features and classes, and the sweep's point count.
 */
export function checkInputBounds(written: Record<string, unknown>, locateAt: Locator, budget: MemoryBudget = machineBudget()): Issue[] {
  const out: Issue[] = [];
  const add = adder(out, locateAt);
  const data = written.data as Record<string, unknown> | undefined;
  const test = written.test as Record<string, unknown> | undefined;
  const specs: [string, Record<string, unknown> | undefined][] = [['data', data], ['test', test && { ...data, ...test }]];
  for (const [key, spec] of specs) {
    const size = generatorSize(spec);
    if (!size) continue;
    const at = (k: string): PathSeg[] => [key, key === 'test' && test?.[k] === undefined ? 'generator' : k];
    const values = size.rows * size.features;
    const heap = size.rows * (size.features * JS_VALUE + JS_ROW);
    const blame = spec!.features !== undefined && size.features > size.rows ? at('features') : at('samples');
    if (size.classes > LIMITS.classes) add(at('classes'), `${size.classes} classes is more than the limit of ${LIMITS.classes}`);
    if (values > LIMITS.values) {
      add(blame, `${count(size.rows)} rows × ${count(size.features)} features = ${count(values)} values (${bytes(values * F32)} as float32); the limit is ${count(LIMITS.values)} values`, 'draw fewer rows or features');
    } else if (heap > budget.heapBytes) {
      add(blame, `${count(size.rows)} rows × ${count(size.features)} features need about ${bytes(heap)} of JS heap; this process has ${bytes(budget.heapBytes)} to use`,
        'draw fewer rows, or raise the heap with NODE_OPTIONS=--max-old-space-size=MB', 'memory-limit');
    }
  }
  const sweep = written.sweep;
  const tooMany = sweep && typeof sweep === 'object' ? sweepSizeIssue(sweep, locateAt) : undefined;
  return tooMany ? [...out, tooMany] : out;
}

/**
 * Bounds on the resolved experiment with its model's size known: parameters,
 * batch size against the training rows, and the estimated memory of a run
 * (data + weights, gradients and optimizer state + one batch's activations).
 */
export function checkRunBounds(
  x: ResolvedExperiment, size: ModelSize, data: { rows: number; features: number }, trainRows: number,
  locateAt: Locator, budget: MemoryBudget = machineBudget(),
): Issue[] {
  const out: Issue[] = [];
  const add = adder(out, locateAt);
  const layerAt: PathSeg[] = ['model', size.largest.index, 'type'];
  if (size.params > LIMITS.params) {
    add(layerAt, `the model has ${count(size.params)} parameters (${bytes(size.params * F32)} of float32 weights; layer ${size.largest.index} has ${count(size.largest.params)}); the limit is ${count(LIMITS.params)}`, 'use fewer units or filters');
    return out;
  }
  const batch = x.fit.batch_size;
  if (trainRows > 0 && batch > LIMITS.batchOverRows * trainRows) {
    add(['fit', 'batch_size'], `batch_size ${count(batch)} is more than ${LIMITS.batchOverRows} times the ${trainRows} training rows`, `set batch_size: ${Math.min(trainRows, 32)} or less (Keras would clamp it to the rows)`, 'size-limit');
    return out;
  }
  const rowsInBatch = Math.min(batch, Math.max(trainRows, 1));
  // the rows as float32 typed arrays, plus at most one more copy (float64 values normalised into float32)
  const dataBytes = data.rows * (data.features + 1) * F32 * 2;
  const weightBytes = size.params * F32 * COPIES_PER_PARAM;
  // forward values and their gradients, for one batch
  const activationBytes = rowsInBatch * size.activationsPerRow * F32 * 2;
  const total = dataBytes + weightBytes + activationBytes;
  if (total > budget.totalBytes) {
    const parts = `data ${bytes(dataBytes)}, weights with gradients and optimizer state ${bytes(weightBytes)}, activations of one batch ${bytes(activationBytes)}`;
    const blame: PathSeg[] = activationBytes >= weightBytes && activationBytes >= dataBytes ? ['fit', 'batch_size'] : weightBytes >= dataBytes ? layerAt : ['data'];
    add(blame, `a run would need about ${bytes(total)} (${parts}); this machine has ${bytes(budget.totalBytes)} to use`, 'make the model, the batch or the data smaller', 'memory-limit');
  }
  return out;
}

/** Shape inference, then the run's bounds when the shapes meet. `data.rows` are all rows, before validation_split. */
export function checkModelSize(x: ResolvedExperiment, data: { rows: number; features: number }, locateAt: Locator, budget?: MemoryBudget): Issue[] {
  const shapes = inferShapes(x, data.features, locateAt);
  if (!shapes.size) return shapes.issues;
  const vs = x.fit.validation_split;
  const trainRows = vs >= 0 && vs < 1 ? Math.floor(data.rows * (1 - vs)) : data.rows;
  return checkRunBounds(x, shapes.size, data, trainRows, locateAt, budget);
}
