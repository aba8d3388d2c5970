/**
 * Issue 13: a results folder is enough to predict raw rows. For iris and each
 * real-data example, `trainspec predict`, loadTrained and stock tfjs reading
 * preprocessing.json by hand all reproduce the committed test_accuracy from the
 * raw test file; bad input is exit 2 with file:line and no stack trace.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { parseTable } from '../src/data/table.js';
import { loadTrained } from '../src/predict/trained.js';
import { cliInProcess } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

const CASES: [name: string, testFile: string][] = [
  ['iris', 'iris-test.csv'],
  ['wine', 'wine-test.csv'],
  ['breast-cancer', 'breast_cancer-test.csv'],
  ['digits-mlp', 'digits-test.csv'],
  ['digits-cnn', 'digits-test.csv'],
];
const results = (name: string) => join(ROOT, 'examples', 'results', name);
const data = (file: string) => join(ROOT, 'experiments', 'data', file);
const testAccuracy = (name: string): number => JSON.parse(readFileSync(join(results(name), 'metrics.json'), 'utf8')).final.test_accuracy;
const round6 = (v: number) => Number(v.toPrecision(6));

/** What a tfjs user does with model/ and preprocessing.json alone: load, normalise, predict, decode. */
async function stockPredictions(dir: string, rows: Record<string, string>[]): Promise<string[]> {
  await tfc.setBackend('cpu');
  const pre = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8'));
  const json = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'model', 'weights.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const model = await tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights), weightData }) });
  const x = rows.map((r) => pre.features.map((f: string, j: number) => (Number(r[f]) - pre.normalize.shift[j]) / pre.normalize.scale[j]));
  const out = (model.predict(tfc.tensor2d(x)) as tfc.Tensor).arraySync() as number[][];
  model.dispose();
  return out.map((o) => (pre.labels === 'binary' ? pre.classes[o[0]! > 0.5 ? 1 : 0] : pre.classes[o.indexOf(Math.max(...o))]));
}

describe('predict reproduces test_accuracy from raw rows', () => {
  it.each(CASES)('%s: trainspec predict, loadTrained and stock tfjs + preprocessing.json agree', async (name, file) => {
    const table = parseTable(readFileSync(data(file), 'utf8'), 'csv');
    const trained = await loadTrained(results(name), { backend: 'cpu' });
    const target = trained.target!;
    const ours = (await trained.predict(table.rows)).map((p) => p.prediction);
    trained.dispose();
    const right = ours.filter((p, i) => p === table.rows[i]![target]).length;
    expect(round6(right / ours.length)).toBe(testAccuracy(name));

    const r = await cliInProcess(['predict', results(name), '--input', data(file), '--json', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ summary: { accuracy: testAccuracy(name), rows: table.rows.length } });
    expect(lines.slice(0, -1).map((l) => l.prediction)).toEqual(ours);
    expect(r.stderr).toBe(`accuracy ${testAccuracy(name)} on ${table.rows.length} rows (target column "${target}")\n`);

    expect(await stockPredictions(results(name), table.rows)).toEqual(ours);
  }, 120_000);
});

describe('predict output', () => {
  it('CSV to a file with --keep and --proba: one p_<class> column per class, probabilities summing to 1', async () => {
    const out = join(tempDir('predict-out'), 'p.csv');
    const r = await cliInProcess(['predict', results('iris'), '--input', data('iris-test.csv'), '--output', out, '--proba', '--keep', 'species', '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const [head, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(head).toBe('species,prediction,p_setosa,p_versicolor,p_virginica');
    expect(rows).toHaveLength(30);
    for (const row of rows) {
      const cells = row.split(',');
      const p = cells.slice(2).map(Number);
      expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
      expect(cells[1]).toBe(['setosa', 'versicolor', 'virginica'][p.indexOf(Math.max(...p))]);
    }
  }, 60_000);

  it('an experiment file names its results folder (--results); no target column: no score', async () => {
    const dir = tempDir('predict-exp');
    const rows = readFileSync(data('iris-test.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 4).join(',')).join('\n');
    writeFileSync(join(dir, 'x.csv'), rows);
    const r = await cliInProcess(['predict', join(ROOT, 'experiments', 'iris.yaml'), '--results', join(ROOT, 'examples', 'results'), '--input', join(dir, 'x.csv'), '--backend', 'cpu']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('prediction');
    expect(r.stdout.trim().split('\n')).toHaveLength(31);
  }, 60_000);
});

describe('bad input to predict: exit 2 with file:line, no stack trace, no output', () => {
  const iris = readFileSync(data('iris-test.csv'), 'utf8').trim().split('\n');
  const cases: [what: string, text: string | null, expected: RegExp][] = [
    ['a missing column', `${iris.map((l) => l.split(',').filter((_, j) => j !== 3).join(',')).join('\n')}\n`, /in\.csv:1: feature column "petal_width" missing from the input\n {2}hint: the model takes 4 columns by name/],
    ['a non-numeric cell', `${iris.map((l, i) => (i === 3 ? l.replace(/^[^,]+/, 'abc') : l)).join('\n')}\n`, /in\.csv:4: column "sepal_length", row 3: the value is not a number\n$/],
    ['an empty file', '', /in\.csv:1: the input is empty/],
    ['a ragged row', `${iris.slice(0, 3).join('\n')}\n1,2\n`, /in\.csv:4: ragged row/],
  ];
  it.each(cases)('%s', async (_what, text, expected) => {
    const dir = tempDir('predict-bad');
    writeFileSync(join(dir, 'in.csv'), text!);
    const out = join(dir, 'out.csv');
    const r = await cliInProcess(['predict', results('iris'), '--input', join(dir, 'in.csv'), '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(out)).toThrow();
  }, 60_000);

  it('a results folder without a model', async () => {
    const dir = tempDir('predict-nomodel');
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'preprocessing.json'), readFileSync(join(results('iris'), 'preprocessing.json')));
    const r = await cliInProcess(['predict', join(dir, 'r'), '--input', data('iris-test.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/r\/model\/model\.json:1: no trained model here/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
