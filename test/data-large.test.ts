/**
 * Large CSV data (issue 12): a 60000×785 integer file (MNIST's shape, ~168 MB)
 * is validated and made ready to train in a child process whose peak memory
 * stays within 2× the float32 size of the data; a bad cell deep in a large
 * file is reported with its line and column name, never its text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS shared with the bench
import { cell, writeMnistCsv } from '../bench/mnist-csv.js';
import { fsHost } from '../src/load/fs-host.js';
import { loadExperiment } from '../src/load/load.js';
import { ROOT } from './run-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'trainspec-large-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const EXP = 'data: {path: mnist.csv, target: label, labels: onehot, normalize: none}\nmodel: [{type: dense, units: 10, activation: softmax}]\ncompile: {optimizer: adam, loss: categorical_crossentropy}\nfit: {epochs: 1, batch_size: 128, validation_split: 0.1}\n';
const valueAt = cell as (r: number, c: number) => number;

// Runs in the child: validation, then the run's dataset; prints shapes, sample values and the peak RSS.
const CHILD = `
import { loadExperiment } from '${ROOT}/dist/index.js';
import { prepareDataset } from '${ROOT}/dist/engine/dataset.js';
const l = loadExperiment(process.argv[1]);
if (!l.experiment) { console.log(JSON.stringify({ issues: l.issues.map((i) => i.message) })); process.exit(0); }
const d = prepareDataset(l.experiment, l.abs, l.dataFiles);
const at = (r, c) => (r < d.train.rows ? d.train.x[r * d.features + c] : d.val.x[(r - d.train.rows) * d.features + c]);
const label = (r) => { const s = r < d.train.rows ? d.train : d.val; const i = r < d.train.rows ? r : r - d.train.rows; return Array.from(s.y.subarray(i * 10, i * 10 + 10)).indexOf(1); };
const samples = [[0, 0], [1, 5], [777, 400], [59999, 783], [54000, 1]].map(([r, c]) => ({ r, c, v: at(r, c) }));
console.log(JSON.stringify({ train: d.train.rows, val: d.val.rows, features: d.features, classes: d.classes, labelWidth: d.labelWidth,
  samples, labels: [0, 31337, 59999].map((r) => ({ r, k: label(r) })), f32: d.train.x instanceof Float32Array, peak: process.resourceUsage().maxRSS * 1024 }));
`;

describe('a 60000×785 CSV', () => {
  it('is validated and ready to train within 2× its float32 size, with the right shape and values', () => {
    writeMnistCsv(join(tmp, 'mnist.csv'), 60000);
    writeFileSync(join(tmp, 'mnist.yaml'), EXP);
    // a small JS heap: the rows live in typed arrays, not in JS objects
    const out = execFileSync(process.execPath, ['--max-old-space-size=96', '--input-type=module', '-e', CHILD, join(tmp, 'mnist.yaml')], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const r = JSON.parse(out);
    expect(r.issues).toBeUndefined();
    expect([r.train, r.val, r.features, r.labelWidth, r.f32]).toEqual([54000, 6000, 784, 10, true]);
    expect(r.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const s of r.samples) expect(s.v).toBe(valueAt(s.r, s.c + 1));
    for (const l of r.labels) expect(l.k).toBe(valueAt(l.r, 0));
    const float32Bytes = 60000 * 784 * 4;
    expect(r.peak).toBeLessThanOrEqual(2 * float32Bytes);
  }, 600_000);
});

describe('a bad cell deep in a large file', () => {
  it('names its line and column, never its text', () => {
    writeMnistCsv(join(tmp, 'bad.csv'), 20000, { bad: { row: 18000, column: 300, text: 'SECRET_7' } });
    writeFileSync(join(tmp, 'bad.yaml'), EXP.replace('mnist.csv', 'bad.csv'));
    const l = loadExperiment(join(tmp, 'bad.yaml'), { host: fsHost, cwd: tmp });
    expect(l.experiment).toBeNull();
    const bad = l.issues.find((i) => i.code === 'data-invalid')!;
    expect(bad.message).toBe('bad.csv:18002: feature column "p299", row 18001 (line 18002): the value is not a number');
    expect(JSON.stringify(l.issues)).not.toContain('SECRET');
  }, 600_000);
});
