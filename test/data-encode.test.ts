import { describe, it, expect } from 'vitest';
import { applyColumns, encodeLabelsTyped, fitColumns } from '../src/data/encode-typed.js';
import { labelWidth, type NormalizeMethod } from '../src/data/encode.js';
import type { LabelKind } from '../src/data/types.js';

/** The typed encoders seen as rows, so each case reads as the table it is. */
function encodeLabels(y: number[], classes: string[] | null, kind: LabelKind): number[][] {
  const flat = encodeLabelsTyped(Float64Array.from(y), classes, kind);
  const w = labelWidth(kind, classes?.length ?? 0);
  return Array.from({ length: y.length }, (_, i) => Array.from(flat.subarray(i * w, (i + 1) * w)));
}
function fitNormalizer(x: number[][], method: NormalizeMethod) {
  const w = x[0]?.length ?? 0;
  x.forEach((row, i) => {
    if (row.length !== w) throw new Error(`normalize: row ${i + 1} has ${row.length} features, expected ${w}`);
  });
  const params = fitColumns(Float64Array.from(x.flat()), x.length, w, method);
  return {
    params,
    apply(rows: number[][]): number[][] {
      rows.forEach((row, i) => {
        if (row.length !== w) throw new Error(`normalize: row ${i + 1} has ${row.length} features, expected ${w}`);
      });
      const out = applyColumns(params, Float64Array.from(rows.flat()), w);
      return rows.map((_, i) => Array.from(out.subarray(i * w, (i + 1) * w)));
    },
  };
}

describe('encodeLabels', () => {
  const two = ['neg', 'pos'];
  const three = ['a', 'b', 'c'];

  it('sign: index 1 -> +1, index 0 -> -1', () => {
    expect(encodeLabels([0, 1, 1, 0], two, 'sign')).toEqual([[-1], [1], [1], [-1]]);
  });

  it('binary: 0 or 1', () => {
    expect(encodeLabels([0, 1, 1], two, 'binary')).toEqual([[0], [1], [1]]);
  });

  it('onehot: one column per class', () => {
    expect(encodeLabels([2, 0, 1], three, 'onehot')).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(encodeLabels([1], two, 'onehot')).toEqual([[0, 1]]);
  });

  it('index: the class index', () => {
    expect(encodeLabels([2, 0, 1], three, 'index')).toEqual([[2], [0], [1]]);
  });

  it('value: the regression target', () => {
    expect(encodeLabels([0.5, -3], null, 'value')).toEqual([[0.5], [-3]]);
  });

  it('rejects sign and binary with other than 2 classes', () => {
    expect(() => encodeLabels([0, 1, 2], three, 'sign')).toThrow(/sign needs exactly 2 classes, the data has 3/);
    expect(() => encodeLabels([0], ['only'], 'binary')).toThrow(/binary needs exactly 2 classes/);
  });

  it('rejects class encodings for regression data and value for class data', () => {
    for (const kind of ['sign', 'binary', 'onehot', 'index'] as const) {
      expect(() => encodeLabels([0.5], null, kind)).toThrow(/regression/);
    }
    expect(() => encodeLabels([0, 1], two, 'value')).toThrow(/value needs a regression target/);
  });

  it('rejects class indices out of range and non-finite targets', () => {
    expect(() => encodeLabels([0, 3], three, 'onehot')).toThrow(/row 2 has class index 3, expected 0..2/);
    expect(() => encodeLabels([0.5], two, 'binary')).toThrow(/class index 0.5/);
    expect(() => encodeLabels([NaN], null, 'value')).toThrow(/finite/);
  });
});

describe('encoded width', () => {
  it('is the class count for onehot and 1 otherwise', () => {
    const classes = ['a', 'b', 'c', 'd'];
    expect(encodeLabels([2], classes, 'onehot')[0]).toHaveLength(4);
    expect(encodeLabels([1], classes, 'index')[0]).toHaveLength(1);
    for (const kind of ['sign', 'binary'] as const) expect(encodeLabels([1], ['a', 'b'], kind)[0]).toHaveLength(1);
  });
});

describe('fitNormalizer', () => {
  const train = [
    [1, 10],
    [3, 30],
  ];

  it('none copies rows unchanged', () => {
    const n = fitNormalizer(train, 'none');
    expect(n.params).toEqual({ method: 'none' });
    const out = n.apply(train);
    expect(out).toEqual(train);
    expect(out[0]).not.toBe(train[0]);
  });

  it('standard uses the population mean and std of the training rows', () => {
    const n = fitNormalizer(train, 'standard');
    expect(n.params).toEqual({ method: 'standard', mean: [2, 20], std: [1, 10] });
    expect(n.apply(train)).toEqual([
      [-1, -1],
      [1, 1],
    ]);
  });

  it('applies the training statistics to other rows', () => {
    const n = fitNormalizer(train, 'standard');
    expect(n.apply([[5, 0]])).toEqual([[3, -2]]);
    const m = fitNormalizer(train, 'minmax');
    expect(m.params).toEqual({ method: 'minmax', min: [1, 10], max: [3, 30] });
    expect(m.apply([[2, 40], [0, 10]])).toEqual([
      [0.5, 1.5],
      [-0.5, 0],
    ]);
  });

  it('maps constant columns to 0 without dividing by zero', () => {
    const rows = [
      [0.1, 1],
      [0.1, 2],
      [0.1, 3],
    ];
    for (const method of ['standard', 'minmax'] as const) {
      const out = fitNormalizer(rows, method).apply(rows);
      expect(out.map((r) => r[0])).toEqual([0, 0, 0]);
      expect(out.flat().every(Number.isFinite)).toBe(true);
    }
    expect(fitNormalizer(rows, 'standard').apply([[0.6, 2]])[0][0]).toBeCloseTo(0.5, 12);
  });

  it('rejects fitting on no rows', () => {
    expect(() => fitNormalizer([], 'standard')).toThrow(/no rows/);
  });
});
