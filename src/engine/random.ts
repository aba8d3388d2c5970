/**
 * tfjs draws initial weights, dropout masks and normal samples from
 * Math.random when no seed is given. Running those sections with Math.random
 * swapped for the experiment's generator makes every draw come from the seed,
 * and keeps concurrent runs in one process from sharing a sequence.
 */
import type { Rng } from '../data/types.js';

export function withRandom<T>(rng: Rng, fn: () => T): T {
  const saved = Math.random;
  Math.random = rng;
  try {
    return fn();
  } finally {
    Math.random = saved;
  }
}
