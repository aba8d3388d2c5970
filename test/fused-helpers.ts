/** Shared by the fused-* tests: experiments from YAML text, and float32 comparisons with their worst error. */
import { expect } from 'vitest';
import { memoryHost } from '../src/load/host.js';
import { hasErrors } from '../src/load/issues.js';
import { loadExperiment, type LoadResult } from '../src/load/load.js';
import type { ResolvedExperiment } from '../src/load/resolve.js';
import type { DataFile } from '../src/load/data-facts.js';
import { runExperiment } from '../src/engine/run.js';
import { ensureMemory, type DenseKernels } from '../src/engine/fused/wasm.js';

export interface Loaded {
  x: ResolvedExperiment;
  source: { yamlFile: string; dataFiles: DataFile[] };
  result: LoadResult;
}

/** Loads an experiment from YAML text on an in-memory host; throws on errors (warnings are fine). */
export function fromYaml(yaml: string, name = 'exp'): Loaded {
  const abs = `/virtual/${name}.yaml`;
  const result = loadExperiment(abs, { host: memoryHost({ [abs]: yaml }), cwd: '/virtual' });
  if (!result.experiment || hasErrors(result.issues)) {
    throw new Error(`does not load:\n${result.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n')}\n---\n${yaml}`);
  }
  return { x: result.experiment, source: { yamlFile: result.abs, dataFiles: result.dataFiles }, result };
}

/** The model's weights.bin as float32 values. */
export function weightsOf(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Largest relative difference |a - b| / max(|a|, |b|, floor) over two vectors. The floor keeps
 * values that are zero up to rounding (a gradient that cancels, a weight that crossed zero)
 * from turning float32 noise into a large relative figure; callers pass it relative to the
 * vector's scale.
 */
export function maxRel(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), floor);
    if (!(d <= worst)) worst = d; // NaN on one side only -> NaN, which fails any bound
  }
  return worst;
}

/** maxRel with a floor of `scale` times the vector's largest magnitude (1e-3 unless given). */
export function maxRelScaled(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1e-3): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) for (const v of [a[i]!, b[i]!]) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return maxRel(a, b, Math.max(m * scale, 1e-30));
}

/** Deterministic values in [lo, hi) (a small LCG, so tests do not depend on Math.random). */
export function values(n: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

/** Float32Array views in the kernels' memory, 16-byte aligned, zeroed, one per length. */
export function kernelArrays(k: DenseKernels, lengths: number[]): Float32Array[] {
  let bytes = 16;
  const at = lengths.map((n) => {
    const a = bytes;
    bytes += Math.ceil(n / 4) * 16 + 16;
    return a;
  });
  ensureMemory(k, bytes);
  new Uint8Array(k.memory.buffer).fill(0); // pooled memory holds the last user's values
  return lengths.map((n, i) => new Float32Array(k.memory.buffer, at[i], n));
}

/** Float32 values compared bit for bit: NaN as NaN (payloads may differ), -0 apart from 0. */
export const floatBits = (a: ArrayLike<number>): (number | string)[] => Array.from(a, (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v));

/** Two runs of `l` on `engine` from the same seed give the same history, final metrics and weights, bit for bit. */
export async function expectReproducible(l: Loaded, engine: 'tfjs' | 'fused'): Promise<void> {
  const a = await runExperiment(l.x, l.source, { backend: 'cpu', engine });
  const b = await runExperiment(l.x, l.source, { backend: 'cpu', engine });
  expect(b.engine).toBe(engine);
  expect(b.history).toEqual(a.history);
  expect(b.final).toEqual(a.final);
  expect(Buffer.from(b.model.weights).equals(Buffer.from(a.model.weights))).toBe(true);
}
