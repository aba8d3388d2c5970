import { describe, it, expect } from 'vitest';
import { makeRng, normal, shuffleInPlace, uniform } from '../src/data/rng.js';

const draw = (rng: () => number, n = 20) => Array.from({ length: n }, () => rng());

describe('makeRng', () => {
  it('is deterministic per seed and stream', () => {
    expect(draw(makeRng(42, 'data'))).toEqual(draw(makeRng(42, 'data')));
  });

  it('gives different sequences for different streams of one seed', () => {
    const a = draw(makeRng(42, 'data'));
    expect(draw(makeRng(42, 'test'))).not.toEqual(a);
    expect(draw(makeRng(42, 'init'))).not.toEqual(a);
    expect(draw(makeRng(42, 'train'))).not.toEqual(a);
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(makeRng(1, 'data'))).not.toEqual(draw(makeRng(2, 'data')));
  });

  it('draws in [0, 1) with a sane mean', () => {
    const xs = draw(makeRng(7, 'data'), 5000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('normal', () => {
  it('has mean ~0 and std ~1', () => {
    const rng = makeRng(3, 'data');
    const xs = Array.from({ length: 20000 }, () => normal(rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(xs.every(Number.isFinite)).toBe(true);
  });
});

describe('uniform', () => {
  it('stays within [lo, hi)', () => {
    const rng = makeRng(4, 'data');
    const xs = Array.from({ length: 1000 }, () => uniform(rng, -1, 1));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe('shuffleInPlace', () => {
  it('permutes in place, keeping every element', () => {
    const arr = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffleInPlace(arr, makeRng(5, 'data'));
    expect(out).toBe(arr);
    expect([...arr].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(arr).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('is deterministic per seed', () => {
    const order = (seed: number) => shuffleInPlace(Array.from({ length: 30 }, (_, i) => i), makeRng(seed, 'data'));
    expect(order(9)).toEqual(order(9));
    expect(order(9)).not.toEqual(order(10));
  });

  it('handles empty and single-element arrays', () => {
    expect(shuffleInPlace([], makeRng(1, 'data'))).toEqual([]);
    expect(shuffleInPlace([7], makeRng(1, 'data'))).toEqual([7]);
  });

  it('puts each element in each position about equally often', () => {
    const rng = makeRng(11, 'data');
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[shuffleInPlace([0, 1, 2], rng).indexOf(0)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
