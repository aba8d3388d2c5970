/** Every generator entry through the same checks, then each generator's own behaviour. */
import { describe, it, expect } from 'vitest';
import { generators, type GeneratorEntry } from '../src/registry/generators/index.js';
import { makeRng } from '../src/data/rng.js';
import type { RawData } from '../src/data/types.js';

function gen(name: string, params: Record<string, unknown>, seed = 1, stream = 'data'): RawData {
  const e = generators.get(name) as GeneratorEntry;
  return e.generate(makeRng(seed, stream), params);
}

const counts = (d: RawData) => {
  const c = new Array((d.classes ?? []).length).fill(0) as number[];
  for (const y of d.y) c[y]++;
  return c;
};

/** Fraction of rows whose class differs from the previous row's: ~0.5 when shuffled, ~0 when sorted. */
const switches = (y: number[]) => y.slice(1).filter((v, i) => v !== y[i]).length / (y.length - 1);

describe('every generator', () => {
  it('lists the generators and resolves aliases', () => {
    expect(generators.names).toEqual(['uniform_sum', 'xor', 'circles', 'moons', 'spirals', 'linear']);
    expect(generators.canonical('make_moons')).toBe('moons');
    expect(generators.canonical('spiral')).toBe('spirals');
  });

  it('gives every parameter a description', () => {
    for (const e of generators.entries) {
      expect(e.doc.length).toBeGreaterThan(0);
      for (const [k, s] of Object.entries(e.params)) expect((s as { description?: string }).description, `${e.name}.${k}`).toBeTruthy();
    }
  });

  // every entry through the same checks (an entry's own facts are in the describe blocks below)
  for (const name of generators.names) {
    it(`${name}: is deterministic per seed, differs across streams and seeds, has the right shape`, () => {
      const a = gen(name, { samples: 101 });
      expect(gen(name, { samples: 101 })).toEqual(a);
      expect(gen(name, { samples: 101 }, 1, 'test').x).not.toEqual(a.x);
      expect(gen(name, { samples: 101 }, 2).x).not.toEqual(a.x);
      expect(a.x).toHaveLength(101);
      expect(a.y).toHaveLength(101);
      expect(a.featureNames).toHaveLength(a.x[0].length);
      expect(a.x.flat().every(Number.isFinite)).toBe(true);
      const entry = generators.get(name) as GeneratorEntry;
      if (entry.task === 'regression') expect(a.classes).toBeNull();
      else expect(a.y.every((y) => Number.isInteger(y) && y >= 0 && y < (a.classes as string[]).length)).toBe(true);
    });
  }

  it('requires samples', () => {
    expect(() => gen('xor', {})).toThrow(/samples/);
  });
});

describe('uniform_sum', () => {
  it('labels 1 exactly when sum(x) > features/2 by default', () => {
    const d = gen('uniform_sum', { samples: 500 });
    expect(d.classes).toEqual(['0', '1']);
    expect(d.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    d.x.forEach((x, i) => {
      expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(d.y[i]).toBe(x.reduce((a, b) => a + b, 0) > 2.5 ? 1 : 0);
    });
    const ones = d.y.filter((y) => y === 1).length;
    expect(ones).toBeGreaterThan(200);
    expect(ones).toBeLessThan(300);
  });

  it('honours features and threshold', () => {
    const d = gen('uniform_sum', { samples: 300, features: 3, threshold: 0.5 });
    expect(d.x[0]).toHaveLength(3);
    d.x.forEach((x, i) => expect(d.y[i]).toBe(x[0] + x[1] + x[2] > 0.5 ? 1 : 0));
    expect(d.y.filter((y) => y === 1).length).toBeGreaterThan(250);
  });
});

describe('xor', () => {
  it('labels by quadrant without noise', () => {
    const d = gen('xor', { samples: 400, noise: 0 });
    d.x.forEach((x, i) => expect(d.y[i]).toBe(x[0] * x[1] > 0 ? 1 : 0));
    expect(Math.abs(counts(d)[0] - counts(d)[1])).toBeLessThan(80);
  });

  it('adds noise to the features after labelling', () => {
    const d = gen('xor', { samples: 400, noise: 0.5 });
    const wrong = d.x.filter((x, i) => d.y[i] !== (x[0] * x[1] > 0 ? 1 : 0)).length;
    expect(wrong).toBeGreaterThan(10);
  });
});

describe('circles', () => {
  it('puts half on the outer circle (class 0) and half on the inner one (class 1)', () => {
    const d = gen('circles', { samples: 201, noise: 0, factor: 0.3 });
    expect(counts(d)).toEqual([101, 100]);
    d.x.forEach((x, i) => expect(Math.hypot(x[0], x[1])).toBeCloseTo(d.y[i] === 0 ? 1 : 0.3, 9));
    expect(switches(d.y)).toBeGreaterThan(0.3);
  });

  it('keeps radii near their circle with default noise', () => {
    const d = gen('circles', { samples: 1000 });
    const mean = (c: number) => {
      const r = d.x.filter((_, i) => d.y[i] === c).map((x) => Math.hypot(x[0], x[1]));
      return r.reduce((a, b) => a + b, 0) / r.length;
    };
    expect(mean(0)).toBeGreaterThan(0.9);
    expect(mean(1)).toBeLessThan(0.65);
  });
});

describe('moons', () => {
  it('draws the two half circles of sklearn make_moons', () => {
    const d = gen('moons', { samples: 300, noise: 0 });
    expect(counts(d)).toEqual([150, 150]);
    d.x.forEach(([a, b], i) => {
      if (d.y[i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 9);
        expect(b).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 9);
        expect(b).toBeLessThanOrEqual(0.5);
      }
    });
    expect(switches(d.y)).toBeGreaterThan(0.3);
  });
});

describe('spirals', () => {
  it('balances classes and names them 0..k-1', () => {
    const d = gen('spirals', { samples: 302, classes: 3 });
    expect(d.classes).toEqual(['0', '1', '2']);
    expect(counts(d)).toEqual([101, 101, 100]);
    expect(switches(d.y)).toBeGreaterThan(0.4);
  });

  it('places each class on its own arm (no noise)', () => {
    const d = gen('spirals', { samples: 400, noise: 0, turns: 1.5 });
    d.x.forEach(([a, b], i) => {
      const r = Math.hypot(a, b);
      expect(r).toBeLessThan(1);
      if (r < 1e-6) return;
      const expected = 2 * Math.PI * (1.5 * r + d.y[i] / 2);
      const diff = Math.atan2(b, a) - expected;
      expect(Math.abs(Math.sin(diff / 2))).toBeLessThan(1e-6);
    });
  });
});

describe('linear', () => {
  it('is y = slope * sum(x) + intercept without noise, by default 1 feature', () => {
    const d = gen('linear', { samples: 100, noise: 0 });
    expect(d.classes).toBeNull();
    expect(d.featureNames).toEqual(['x0']);
    d.x.forEach((x, i) => expect(d.y[i]).toBeCloseTo(2 * x[0] + 1, 12));
  });

  it('uses the same weights for every stream (so test data share the ground truth)', () => {
    const p = { samples: 50, features: 3, noise: 0, weights: [1, -2, 0.5], intercept: 0 };
    for (const stream of ['data', 'test']) {
      const d = gen('linear', p, 5, stream);
      d.x.forEach((x, i) => expect(d.y[i]).toBeCloseTo(x[0] - 2 * x[1] + 0.5 * x[2], 12));
    }
  });

  it('adds noise with the given standard deviation', () => {
    const d = gen('linear', { samples: 4000, noise: 0.5 });
    const res = d.x.map((x, i) => d.y[i] - (2 * x[0] + 1));
    const sd = Math.sqrt(res.reduce((a, v) => a + v * v, 0) / res.length);
    expect(sd).toBeGreaterThan(0.45);
    expect(sd).toBeLessThan(0.55);
  });

  it('rejects weights of the wrong length', () => {
    expect(() => gen('linear', { samples: 5, features: 2, weights: [1] })).toThrow(/weights/);
  });
});
