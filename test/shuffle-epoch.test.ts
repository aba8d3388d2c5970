/**
 * The training loops' per-epoch shuffle (data/rng.ts shuffleEpoch, used by both engines): a
 * permutation, reproducible from the run's stream, one draw of that stream per epoch, and every
 * order of a small set about equally often.
 */
import { describe, expect, it } from 'vitest';
import { makeRng, shuffleEpoch } from '../src/data/rng.js';

describe('shuffleEpoch', () => {
  it('permutes, reproducibly, and differently each epoch', () => {
    const a = makeRng(7, 'train'), b = makeRng(7, 'train');
    const x = Array.from({ length: 1000 }, (_, i) => i), y = x.slice();
    const first = shuffleEpoch(x, a).slice();
    expect(first.slice().sort((p, q) => p - q)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffleEpoch(y, b)).toEqual(first);
    expect(shuffleEpoch(x, a)).not.toEqual(first);
  });

  it('draws one number from the run\'s stream per epoch', () => {
    const used = makeRng(3, 'train'), fresh = makeRng(3, 'train');
    shuffleEpoch(Array.from({ length: 50 }, (_, i) => i), used);
    fresh();
    expect(used()).toBe(fresh());
  });

  it('gives each of the 24 orders of 4 rows about equally often', () => {
    const rng = makeRng(1, 'train');
    const counts = new Map<string, number>();
    const N = 24_000;
    for (let e = 0; e < N; e++) {
      const k = shuffleEpoch([0, 1, 2, 3], rng).join();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    // 1000 expected each; 5 standard deviations (~31) either side
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(160);
  });

  it('leaves one row and no rows alone', () => {
    expect(shuffleEpoch([5], makeRng(1, 'x'))).toEqual([5]);
    expect(shuffleEpoch([], makeRng(1, 'x'))).toEqual([]);
  });
});
