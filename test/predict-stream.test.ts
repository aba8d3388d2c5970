/**
 * Issue 13, "streams large inputs": predict's CSV reader (csv-batches.ts) and
 * its driver (predict-stream.ts) with a stand-in model, checked against the
 * whole-text path (predict-table.ts, csv-parse) byte for byte, from chunks cut
 * anywhere; and bad input stops before the first output line.
 */
import { describe, expect, it } from 'vitest';
import { NeedsFullParser } from '../src/data/csv-numeric.js';
import { CsvBatchReader, type RowBatch } from '../src/predict/csv-batches.js';
import { PredictError } from '../src/predict/errors.js';
import { readInputTable, type InputTable } from '../src/predict/input.js';
import { predictCsvStream, type ChunkSource } from '../src/predict/predict-stream.js';
import { predictTable, type PredictTableOptions } from '../src/predict/predict-table.js';
import type { Prediction, Trained } from '../src/predict/trained.js';

/** A model without tfjs: class "big" when a + 2b > 10, probabilities from the row; or (regression) a + 2b. */
function fakeModel(regression = false): Trained & { seen: number[] } {
  const seen: number[] = [];
  const predictPacked = async (x: Float32Array | Float64Array, rows: number): Promise<Prediction[]> => {
    seen.push(rows);
    return Array.from({ length: rows }, (_, i) => {
      const v = x[2 * i]! + 2 * x[2 * i + 1]!;
      if (regression) return { prediction: v };
      const p = 1 / (1 + Math.exp(10 - v));
      return { prediction: v > 10 ? 'big' : 'small', probabilities: [1 - p, p] };
    });
  };
  return {
    features: ['a', 'b'], classes: regression ? null : ['small', 'big'], target: 'y', labels: regression ? 'value' : 'binary', seen,
    predictPacked, predictMatrix: async () => [], predict: async () => [], dispose: () => {},
  };
}

/** `text` cut into pieces of `size` bytes (so lines and characters are split between chunks). */
const pieces = (text: string, size: number) => () => {
  const bytes = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
};

/** `text` one byte a chunk over lines `first` to `last` (0 is the header): a cut at each of their bytes; one chunk before, one after. */
const bytesAround = (text: string, first: number, last: number) => () => {
  const bytes = Buffer.from(text, 'utf8');
  const lineStart = (n: number) => {
    let at = 0;
    for (let k = 0; k < n; k++) at = bytes.indexOf(10, at) + 1;
    return at;
  };
  const from = lineStart(first), to = lineStart(last + 1);
  return [bytes.subarray(0, from), ...Array.from({ length: to - from }, (_, i) => bytes.subarray(from + i, from + i + 1)), bytes.subarray(to)];
};

async function streamed(trained: Trained, text: string, opts: Partial<PredictTableOptions> = {}, size: number | ChunkSource = 7, checkFirst = true) {
  let out = '';
  const source = typeof size === 'number' ? pieces(text, size) : size;
  const summary = await predictCsvStream(trained, source, { file: 'in.csv', ...opts }, (s) => void (out += s), checkFirst);
  return { out, summary };
}

/** The whole-text reading of each input, parsed once (csv-parse; predictTable only reads it): several outputs compare with it. */
const tables = new Map<string, InputTable>();
const tableOf = (text: string): InputTable => tables.get(text) ?? tables.set(text, readInputTable(text, 'csv', 'in.csv')).get(text)!;

async function whole(trained: Trained, text: string, opts: Partial<PredictTableOptions> = {}) {
  let out = '';
  const summary = await predictTable(trained, tableOf(text), { file: 'in.csv', ...opts }, (s) => void (out += s));
  return { out, summary };
}

/** n rows: an id with a non-ASCII letter, the features out of model order, a label, padding blanks in places. */
function rowsText(n: number): string {
  const lines = ['id, b ,label,a,y'];
  for (let i = 0; i < n; i++) lines.push(`r${i}ü,${(i % 7) * 0.5}, x${i % 3} ,${i % 11}${i % 5 === 0 ? ' ' : ''},${(i % 7) * 0.5 + (i % 11) > 6 ? 'big' : 'small'}`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('predict CSV stream', () => {
  it('gives the whole-text output byte for byte, in batches of 4096 rows, from chunks cut anywhere', async () => {
    // 5000 rows: a full batch, then a short one (the batch boundary crossed, the last batch flushed at the end).
    const text = rowsText(5000);
    const opts = { keep: ['id', 'label', 'a', 'y'], proba: true };
    const expected = await whole(fakeModel(), text, opts);
    // Chunks of 4096 bytes and of 1 MiB (batches filled inside a chunk), and one byte a chunk over the four lines around
    // the batch boundary, rows 4094 to 4097: every cut there, as the first batch fills and the second begins. (Every
    // cut of every kind of line is the one-byte pass below; 13-byte chunks over all the rows took 18,000 turns of the
    // event loop for the same cuts at the boundary.)
    for (const size of [4096, 1 << 20, bytesAround(text, 4095, 4098)]) {
      const model = fakeModel();
      const got = await streamed(model, text, opts, size);
      expect(got.out).toBe(expected.out);
      expect(got.summary).toEqual(expected.summary);
      expect(model.seen).toEqual([4096, 904]);
    }
    // One byte a chunk: a cut at every byte. The driver yields to the event loop after every chunk, so the 5000 rows
    // would take 240,000 turns (a checking pass and an output pass); the rows repeat with a period of 1155 (i mod 7,
    // 3, 11, 5), so 1155 rows hold every kind of line, each cut at each of its bytes (the 4096-row batches are the
    // sizes above).
    const period = rowsText(1155);
    const one = await streamed(fakeModel(), period, opts, 1);
    const onePeriod = await whole(fakeModel(), period, opts);
    expect(one.out).toBe(onePeriod.out);
    expect(one.summary).toEqual(onePeriod.summary);
    expect(expected.out.split('\n')[0]).toBe('id,label,a,y,prediction,p_small,p_big');
    expect(expected.out.split('\n')[1]).toBe('r0ü,x0,0,small,small,0.999955,0.0000453979');
    expect(expected.summary.rows).toBe(5000);
    expect(expected.summary.accuracy).toBeGreaterThan(0.5);
    // output forms: a column kept twice, JSON lines (chunks of 4096 bytes: the cuts are the sizes above)
    const twice = { keep: ['id', 'y', 'id'] };
    expect((await streamed(fakeModel(), text, twice, 4096)).out).toBe((await whole(fakeModel(), text, twice)).out);
    const json = await streamed(fakeModel(), text, { json: true, keep: ['y'] }, 4096);
    expect(json.out).toBe((await whole(fakeModel(), text, { json: true, keep: ['y'] })).out);
  });

  it('scores a regression target the same way (mean squared error)', async () => {
    const text = 'a,b,y\n1,2,5\n3,4,10\n';
    const got = await streamed(fakeModel(true), text);
    expect(got.out).toBe('prediction\n5\n11\n');
    expect(got.summary).toEqual({ rows: 2, loss: 0.5 });
  });

  const bad: [what: string, text: string, message: string, regression?: boolean][] = [
    ['a bad cell late in the input', `a,b,y\n${'1,2,small\n'.repeat(5000)}1,x,small\n`, 'in.csv:5002: column "b", row 5001: the value is not a number'],
    ['an empty cell', 'a,b\n1,2\n , 3\n', 'in.csv:3: column "a", row 2: empty cell'],
    ['two bad cells: the first in the model\'s column order', 'b,a\n1,2\nx,y\n', 'in.csv:3: column "a", row 2: the value is not a number'],
    ['a ragged row', 'a,b\n1,2\n1,2,3\n', 'in.csv:3: ragged row: 3 fields, the header has 2'],
    ['a missing column', 'a,c\n1,2\n', 'in.csv:1: feature column "b" missing from the input'],
    ['an empty input', ' \n\n', 'in.csv:1: the input is empty (no header row, no rows)'],
    ['a header and no rows', 'a,b\n', 'in.csv:1: csv data has no rows'],
    ['a duplicate column', 'a,b,a\n1,2,3\n', 'in.csv:1: duplicate column name "a"'],
    ['a regression target that is not a number', `a,b,y\n${'1,2,3\n'.repeat(5000)}1,2,three\n`, 'in.csv:5002: target column "y", row 5001: the value is not a number', true],
  ];
  it.each(bad)('%s: PredictError at file:line, nothing written', async (_what, text, message, regression) => {
    let out = '';
    const run = predictCsvStream(fakeModel(regression), pieces(text, 100), { file: 'in.csv' }, (s) => void (out += s), true);
    await expect(run).rejects.toThrow(PredictError);
    await run.catch((e: PredictError) => expect(e.located).toBe(message));
    expect(out).toBe('');
  });

  it('quoted fields need the full CSV grammar: NeedsFullParser, before any output on the checking pass', async () => {
    let out = '';
    const text = `a,b,name\n${'1,2,x\n'.repeat(5000)}1,2,"Smith, J"\n`;
    await expect(predictCsvStream(fakeModel(), pieces(text, 64), { file: 'in.csv', keep: ['name'] }, (s) => void (out += s), true)).rejects.toThrow(NeedsFullParser);
    expect(out).toBe('');
  });
});

describe('CsvBatchReader', () => {
  it('puts features in the model order, keeps only --keep and target cells as text, and a --keep feature as written', () => {
    const batches: RowBatch[] = [];
    const r = new CsvBatchReader({ features: ['a', 'b'], keep: ['b'], target: 'y', batchRows: 2, store: true, onHeader: () => {} });
    r.push(Buffer.from('\uFEFFskip,b,a,y\nq,1.50,2e1,yes\nq,+3,.5,no\nq,-0,4,yes\n'));
    r.end();
    batches.push(...r.take());
    expect(batches.map((b) => [b.first, b.count, [...b.x], b.keep, b.target, b.lines])).toEqual([
      [0, 2, [20, 1.5, 0.5, 3], [['1.50', '+3']], ['yes', 'no'], [2, 3]],
      [2, 1, [4, -0], [['-0']], ['yes'], [4]],
    ]);
  });
});
