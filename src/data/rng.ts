/** Seeded randomness: one independent stream per purpose, plus the few draws the data code needs. */
import seedrandom from 'seedrandom';
import type { Rng } from './types.js';

/** Names the purposes that draw random numbers, so each gets its own stream. */
export type RngStream = 'data' | 'test' | 'init' | 'train' | (string & {});

/**
 * A uniform [0, 1) source seeded by `seed` and `stream`. Streams of one seed are
 * independent, so e.g. adding test data does not change the training data.
 */
export function makeRng(seed: number, stream: RngStream): Rng {
  const prng = seedrandom(`${seed}/${stream}`);
  return () => prng();
}

/** A standard normal draw (Box-Muller; two uniforms per call, no caching, so it is stateless). */
export function normal(rng: Rng): number {
  let u = rng();
  while (u <= Number.MIN_VALUE) u = rng(); // log(0) guard
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniform draw in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Shuffles `arr` in place (Fisher-Yates) and returns it. */
export function shuffleInPlace<T>(arr: T[], rng: Rng): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/**
 * The training loops' per-epoch shuffle (both engines call it, so their batches match): one
 * 32-bit draw from the run's stream `rng` seeds mulberry32 (Tommy Ettinger's 32-bit generator),
 * which drives the Fisher-Yates pass. A draw through seedrandom's ARC4 costs ~7 of its byte
 * steps; at the tutorial's size the shuffle took ~15% of training, mostly before V8 optimized
 * it. mulberry32's period (2^32) and 32-bit draws are plenty for orders of up to millions of rows.
 */
export function shuffleEpoch(order: number[], rng: Rng): number[] {
  let a = Math.floor(rng() * 4294967296) | 0;
  for (let i = order.length - 1; i > 0; i--) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
