import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataError, parseNumber, parseTable, sortClassNames, tableToRaw } from '../src/data/table.js';

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseTable csv', () => {
  it('parses a header and rows, trimming cells and skipping empty lines', () => {
    const t = parseTable('a, b ,label\n\n1, 2,x\n  \n3,4 , y\n', 'csv');
    expect(t.columns).toEqual(['a', 'b', 'label']);
    expect(t.rows).toEqual([
      { a: '1', b: '2', label: 'x' },
      { a: '3', b: '4', label: 'y' },
    ]);
    expect(t.lines).toEqual([3, 5]);
  });

  it('handles quoted fields and a BOM', () => {
    const t = parseTable('\uFEFFa,name\n1,"x, y"\n', 'csv');
    expect(t.columns).toEqual(['a', 'name']);
    expect(t.rows[0].name).toBe('x, y');
  });

  it('reports ragged rows with their line', () => {
    const e = dataError(() => parseTable('a,b\n1,2\n\n3\n', 'csv'));
    expect(e.message).toMatch(/ragged.*1 field.*2/);
    expect(e.line).toBe(4);
  });

  it('keeps csv-parse line numbers for malformed quoting', () => {
    const e = dataError(() => parseTable('a,b\n1,"x"y\n', 'csv'));
    expect(e.message).toMatch(/malformed CSV/);
    expect(e.line).toBe(2);
  });

  it('rejects empty input, header-only input and bad headers', () => {
    expect(dataError(() => parseTable('', 'csv')).message).toMatch(/empty/);
    expect(dataError(() => parseTable('\n \n', 'csv')).message).toMatch(/empty/);
    expect(dataError(() => parseTable('a,b\n', 'csv')).message).toMatch(/no rows/);
    const dup = dataError(() => parseTable('a,a\n1,2\n', 'csv'));
    expect(dup.message).toMatch(/duplicate column name "a"/);
    expect(dup.line).toBe(1);
    expect(dataError(() => parseTable('a,,c\n1,2,3\n', 'csv')).message).toMatch(/empty column name/);
  });
});

describe('parseTable json', () => {
  it('parses an array of flat objects, stringifying numbers and booleans', () => {
    const t = parseTable('[{"x": 1.5, "y": true, "c": " a "}, {"x": -2, "y": false, "c": "b"}]', 'json');
    expect(t.columns).toEqual(['x', 'y', 'c']);
    expect(t.rows).toEqual([
      { x: '1.5', y: 'true', c: 'a' },
      { x: '-2', y: 'false', c: 'b' },
    ]);
  });

  it('reports syntax errors with a line and column', () => {
    const e = dataError(() => parseTable('[\n  {"a": 1},\n  {a: 2}\n]', 'json'));
    expect(e.message).toMatch(/malformed JSON/);
    expect(e.line).toBe(3);
    expect(e.column).toBe(4);
  });

  it('rejects non-arrays, empty arrays, non-object rows, nested values, nulls and ragged rows', () => {
    expect(dataError(() => parseTable('{"a": [1]}', 'json')).message).toMatch(/array of objects/);
    expect(dataError(() => parseTable('[]', 'json')).message).toMatch(/no rows/);
    expect(dataError(() => parseTable('[1, 2]', 'json')).message).toMatch(/row 1: expected an object/);
    expect(dataError(() => parseTable('[{"a": 1}, [2]]', 'json')).message).toMatch(/row 2: expected an object/);
    expect(dataError(() => parseTable('[{"a": [1]}]', 'json')).message).toMatch(/row 1, column "a".*object/);
    expect(dataError(() => parseTable('[{"a": null}]', 'json')).message).toMatch(/null/);
    expect(dataError(() => parseTable('[{"a": 1, "b": 2}, {"a": 3}]', 'json')).message).toMatch(/ragged row 2: missing b/);
    expect(dataError(() => parseTable('[{"a": 1}, {"a": 3, "z": 1}]', 'json')).message).toMatch(/ragged row 2: unexpected z/);
  });
});

describe('parseNumber', () => {
  it('accepts decimal numbers only', () => {
    expect(['1', '-2.5', '+.5', '1e3', '3.', '-1E-2'].map(parseNumber)).toEqual([1, -2.5, 0.5, 1000, 3, -0.01]);
    for (const bad of ['', ' ', 'abc', '0x10', 'NaN', 'Infinity', '1,5', '1e999', '--1']) expect(parseNumber(bad)).toBeUndefined();
  });
});

describe('sortClassNames', () => {
  it('sorts numeric names numerically and others naturally, deduplicating', () => {
    expect(sortClassNames(['10', '2', '-1', '2', '1.5'])).toEqual(['-1', '1.5', '2', '10']);
    expect(sortClassNames(['b', 'a10', 'a2', 'B', 'a2'])).toEqual(['B', 'a2', 'a10', 'b']);
    expect(sortClassNames(['cat', '10', '2'])).toEqual(['2', '10', 'cat']);
    expect(sortClassNames(['class_10', 'class_9', 'class_09'])).toEqual(['class_09', 'class_9', 'class_10']);
  });
});

describe('tableToRaw', () => {
  const csv = 'f1,f2,label\n1,2,10\n3,4,2\n5,6,10\n';

  it('uses every other column as features and sorts classes numerically', () => {
    const raw = tableToRaw(parseTable(csv, 'csv'), { target: 'label', regression: false });
    expect(raw.featureNames).toEqual(['f1', 'f2']);
    expect(raw.x).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(raw.classes).toEqual(['2', '10']);
    expect(raw.y).toEqual([1, 0, 1]);
  });

  it('honours an explicit feature list and order', () => {
    const raw = tableToRaw(parseTable(csv, 'csv'), { target: 'label', features: ['f2'], regression: false });
    expect(raw.featureNames).toEqual(['f2']);
    expect(raw.x).toEqual([[2], [4], [6]]);
  });

  it('reads a numeric target for regression', () => {
    const raw = tableToRaw(parseTable('x,y\n1,0.5\n2,-1e2\n', 'csv'), { target: 'y', regression: true });
    expect(raw).toEqual({ x: [[1], [2]], y: [0.5, -100], classes: null, featureNames: ['x'] });
  });

  it('names the column, row and line of a non-numeric feature, never the cell (data stays private)', () => {
    const e = dataError(() => tableToRaw(parseTable('a,b,t\n1,2,x\n\n3,oops,y\n', 'csv'), { target: 't', regression: false }));
    expect(e.message).toMatch(/feature column "b", row 2 \(line 4\): the value is not a number/);
    expect(e.message).not.toContain('oops');
    expect(e.line).toBe(4);
    expect(dataError(() => tableToRaw(parseTable('a,t\n,x\n', 'csv'), { target: 't', regression: false })).message).toMatch(/empty cell/);
  });

  it('malformed CSV and JSON messages never quote the data', () => {
    const csv = dataError(() => parseTable('a,b\n1,"SECRET_TOKEN"x\n', 'csv'));
    expect(csv.message).toMatch(/^malformed CSV: /);
    expect(csv.message).not.toContain('SECRET');
    expect(csv.line).toBe(2);
    const json = dataError(() => parseTable('[{"a": 1}, SECRET_TOKEN]', 'json'));
    expect(json.message).toMatch(/^malformed JSON/);
    expect(json.message).not.toContain('SECRET');
  });

  it('shortens a header that is not one (a .env read as CSV) when listing columns', () => {
    const key = `API_KEY=${'k'.repeat(40)}`;
    const e = dataError(() => tableToRaw(parseTable(`${key}\nx\n`, 'csv'), { target: 'label', regression: false }));
    expect(e.message).toMatch(/target column "label" not found/);
    expect(e.message).not.toContain(key.slice(0, 20));
  });

  it('rejects a non-numeric regression target and an empty class label', () => {
    expect(dataError(() => tableToRaw(parseTable('a,t\n1,x\n', 'csv'), { target: 't', regression: true })).message).toMatch(/target column "t", row 1/);
    expect(dataError(() => tableToRaw(parseTable('a,t\n1,x\n2,\n', 'csv'), { target: 't', regression: false })).message).toMatch(/row 2 \(line 3\): empty label/);
  });

  it('rejects unknown columns, target as feature and no features', () => {
    const t = parseTable(csv, 'csv');
    expect(dataError(() => tableToRaw(t, { target: 'nope', regression: false })).message).toMatch(/target column "nope" not found/);
    expect(dataError(() => tableToRaw(t, { target: 'label', features: ['f3'], regression: false })).message).toMatch(/feature column "f3" not found/);
    expect(dataError(() => tableToRaw(t, { target: 'label', features: ['label'], regression: false })).message).toMatch(/both/);
    expect(dataError(() => tableToRaw(t, { target: 'label', features: [], regression: false })).message).toMatch(/no feature/);
  });

  it('works on JSON rows (row numbers, no lines)', () => {
    const t = parseTable('[{"x": 1, "c": "b"}, {"x": "q", "c": "a"}]', 'json');
    const e = dataError(() => tableToRaw(t, { target: 'c', regression: false }));
    expect(e.message).toMatch(/row 2: the value is not a number/);
    expect(e.line).toBeUndefined();
  });

  it('reads the committed iris files', () => {
    const train = tableToRaw(parseTable(readFileSync('experiments/data/iris.csv', 'utf8'), 'csv'), { target: 'species', regression: false });
    const test = tableToRaw(parseTable(readFileSync('experiments/data/iris-test.csv', 'utf8'), 'csv'), { target: 'species', regression: false });
    expect(train.x).toHaveLength(120);
    expect(test.x).toHaveLength(30);
    expect(train.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(train.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect([0, 1, 2].map((c) => test.y.filter((y) => y === c).length)).toEqual([10, 10, 10]);
    // Every class appears in the last 20% (Keras's validation_split).
    expect(new Set(train.y.slice(96)).size).toBe(3);
  });
});
