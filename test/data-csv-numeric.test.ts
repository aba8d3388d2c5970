import { describe, expect, it } from 'vitest';
import { CsvNumericReader, DataTooLarge, type CsvNumericOptions } from '../src/data/csv-numeric.js';
import type { NumericData } from '../src/data/numeric-data.js';

/** The streamed reader fed one buffer or a list of chunks, as the data host feeds it. */
function readCsvNumeric(input: Uint8Array | Iterable<Uint8Array>, opts: Omit<CsvNumericOptions, 'store'>): NumericData {
  const reader = new CsvNumericReader({ ...opts, store: true });
  for (const c of input instanceof Uint8Array ? [input] : input) reader.push(c);
  return reader.end() as NumericData;
}
/** Row `i` as a plain array. */
const rowOf = (d: NumericData, i: number): number[] => Array.from(d.x.subarray(i * d.featureNames.length, (i + 1) * d.featureNames.length));
import { parseTable, tableToRaw } from '../src/data/table.js';
import { readData } from '../src/load/data-facts.js';
import { memoryHost } from '../src/load/host.js';

const enc = (s: string) => new TextEncoder().encode(s);
const opts = { target: 't', regression: false };

/** The streamed result equals the csv-parse path's (the reference), value for value. */
function sameAsReference(csv: string, o: { target: string; regression: boolean; features?: string[] }): NumericData {
  const ref = tableToRaw(parseTable(csv, 'csv'), o);
  const got = readCsvNumeric(enc(csv), o);
  expect(got.featureNames).toEqual(ref.featureNames);
  expect(got.classes).toEqual(ref.classes);
  expect(Array.from(got.y)).toEqual(ref.y);
  expect(Array.from({ length: got.rows }, (_, i) => rowOf(got, i))).toEqual(ref.x);
  return got;
}

describe('readCsvNumeric', () => {
  it('gives the values Number() gives, exponents, signs and long mantissas included', () => {
    const cells = ['1', '-2.5', '+.5', '1e3', '3.', '-1E-2', '0.1', '5.1', '123456789012345678', '1.7976931348623157e308', '4.9e-324', '-0', '0.30000000000000004', '  7 '];
    const csv = `a,t\n${cells.map((c, i) => `${c},${i % 2}`).join('\n')}\n`;
    const got = sameAsReference(csv, opts);
    expect(got.x).toBeInstanceOf(Float64Array); // 0.1 is not a float32: kept exact
    expect(Object.is(got.x[11], -0)).toBe(true);
  });

  it('keeps float32 storage when every value is exactly a float32', () => {
    const got = sameAsReference('a,b,t\n1,2.5,x\n-3,1e2,y\n', opts);
    expect(got.x).toBeInstanceOf(Float32Array);
  });

  it('parses the same whatever the chunk boundaries (byte by byte), with CRLF, a BOM and blank lines', () => {
    const csv = '\uFEFFa, b ,t\r\n\r\n1, 2,x\r\n  \r\n3,4 , y\r\n5,6,x';
    const bytes = enc(csv);
    const reader = new CsvNumericReader({ ...opts, store: true });
    for (let i = 0; i < bytes.length; i++) reader.push(bytes.subarray(i, i + 1));
    const got = reader.end() as NumericData;
    expect(got.featureNames).toEqual(['a', 'b']);
    expect(Array.from(got.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(got.classes).toEqual(['x', 'y']);
    expect(Array.from(got.y)).toEqual([0, 1, 0]);
  });

  it('reports ragged rows, bad cells and empty labels with the line, and the column name, never the text', () => {
    const err = (csv: string, o = opts) => {
      try {
        readCsvNumeric(enc(csv), o);
      } catch (e) {
        return e as Error & { line?: number; column?: number };
      }
      throw new Error('expected an error');
    };
    expect(err('a,b\n1,2\n\n3\n', { target: 'b', regression: false })).toMatchObject({ message: 'ragged row: 1 fields, the header has 2', line: 4 });
    const bad = err('a,b,t\n1,2,x\n\n3,oops,y\n');
    expect(bad).toMatchObject({ message: 'feature column "b", row 2 (line 4): the value is not a number', line: 4, column: 2 });
    expect(err('a,t\n,x\n').message).toMatch(/empty cell/);
    expect(err('a,t\n1,x\n2,\n').message).toMatch(/row 2 \(line 3\): empty label/);
    expect(err('a,t\n1,x\n', { target: 't', regression: true }).message).toMatch(/target column "t", row 1/);
    expect(err('a,t\n1e999,x\n').message).toMatch(/not a number/);
    expect(err('a,t\n').message).toMatch(/no rows/);
    expect(err('').message).toMatch(/empty/);
  });

  it('refuses, before allocating, data whose estimated float32 size exceeds the budget, saying the estimate', () => {
    const csv = `a,b,t\n${'1,2,x\n'.repeat(1000)}`;
    const reader = new CsvNumericReader({ ...opts, store: true, sizeHint: 1e12, budgetBytes: 1e9 });
    expect(() => reader.push(enc(csv))).toThrow(DataTooLarge);
    expect(() => new CsvNumericReader({ ...opts, store: true, sizeHint: 1e12, budgetBytes: 1e9 }).push(enc(csv))).toThrow(/about \d+ rows × 2 features .* need about \d+ MiB as float32; this machine has 954 MiB to use/);
  });

  it('reads features only when there is no target (predicting)', () => {
    const got = readCsvNumeric(enc('a,b\n1,2\n3,4\n'), { target: null, regression: false });
    expect([got.rows, got.featureNames, got.classes, Array.from(got.x)]).toEqual([2, ['a', 'b'], null, [1, 2, 3, 4]]);
    expect(() => readCsvNumeric(enc('a,b\n1,2\n'), { target: null, features: ['c'], regression: false })).toThrow(/feature column "c" not found/);
  });
});

describe('readData through a host', () => {
  const read = (csv: string, store = true) => readData({ path: 'd.csv', target: 't' }, '/m/e.yaml', memoryHost({ '/m/d.csv': csv }), 0, 'data', undefined, undefined, store);

  it('falls back to csv-parse for quoted fields, with the same values and hash', () => {
    const r = read('a,t\n1,"x, y"\n2,z\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data!.classes).toEqual(['x, y', 'z']);
    expect(Array.from(r.data!.x)).toEqual([1, 2]);
    expect(r.file!.sha256).toBe(read('a,t\n1,"x, y"\n2,z\n', false).file!.sha256);
  });

  it('validation keeps facts and the hash, not the values', () => {
    const r = read('a,b,t\n1,2,x\n3,4,y\n', false);
    expect(r.ok && r.facts).toEqual({ rows: 2, features: 2, classes: ['x', 'y'] });
    expect(r.ok && r.data).toBeUndefined();
    expect(r.file!.sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('invalid UTF-8 in a label is an error at its line, not a new class', () => {
    const bytes = new Uint8Array([...enc('a,t\n1,x\n2,'), 0xff, 0xfe, 10]);
    const r = readData({ path: 'd.csv', target: 't' }, '/m/e.yaml', memoryHost({ '/m/d.csv': bytes }), 0, 'data');
    expect(!r.ok && r.message).toBe('d.csv:3: not valid UTF-8 text');
  });
});
