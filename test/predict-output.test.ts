/**
 * Issue 13: predict's output is whole or absent. --output FILE is written to a
 * temporary file beside it and renamed at the end: bad input leaves an
 * existing FILE as it was and no stray file behind. CSV with quoted fields
 * (read whole by csv-parse) gives the same predictions as the streamed path.
 * Commands run in this process (cli-in-process.ts): the subject is the files and output, not the process.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess as cli } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

const MODEL = join(ROOT, 'examples/results/iris');
const [HEADER, ...ROWS] = readFileSync(join(ROOT, 'experiments/data/iris-test.csv'), 'utf8').trim().split('\n');
const plain = `${HEADER},name\n${ROWS.map((r, i) => `${r},n${i}`).join('\n')}\n`;
const quoted = `${HEADER},name\n${ROWS.map((r, i) => `${r},"n${i}, ""q"""`).join('\n')}\n`;
const args = ['--keep', 'name', '--proba', '--backend', 'cpu'];

describe('predict --output', () => {
  it('bad input: exit 2, an existing output file unchanged, no temporary file left; good input replaces it', async () => {
    const dir = tempDir('predict-keep-file');
    const lines = plain.trim().split('\n');
    lines[lines.length - 1] = lines.at(-1)!.replace(/^[^,]+/, 'x');
    writeFileSync(join(dir, 'bad.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'good.csv'), plain);
    writeFileSync(join(dir, 'out.csv'), 'mine\n');
    const bad = await cli(['predict', MODEL, '--input', 'bad.csv', '--output', 'out.csv', ...args], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`trainspec predict: bad.csv:${lines.length}: column "sepal_length", row ${lines.length - 1}: the value is not a number\n`);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('mine\n');
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'good.csv', 'out.csv']);
    const good = await cli(['predict', MODEL, '--input', 'good.csv', '--output', 'out.csv', ...args], { cwd: dir });
    expect(good.code, good.stderr).toBe(0);
    const stdout = await cli(['predict', MODEL, '--input', 'good.csv', ...args], { cwd: dir });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(stdout.stdout);
    expect(stdout.stdout.split('\n')).toHaveLength(ROWS.length + 2);
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'good.csv', 'out.csv']);
  }, 120_000);

  it('quoted fields: read whole, the same predictions, the --keep cell quoted again', async () => {
    const dir = tempDir('predict-quoted');
    writeFileSync(join(dir, 'plain.csv'), plain);
    writeFileSync(join(dir, 'quoted.csv'), quoted);
    const a = await cli(['predict', MODEL, '--input', 'plain.csv', ...args], { cwd: dir });
    const b = await cli(['predict', MODEL, '--input', 'quoted.csv', ...args], { cwd: dir });
    const c = await cli(['predict', MODEL, '--input', 'quoted.csv', '--output', 'q.csv', ...args], { cwd: dir });
    expect([a.code, b.code, c.code], b.stderr + c.stderr).toEqual([0, 0, 0]);
    // each line without its first (--keep) field, quoted or not
    const cells = (out: string) => out.trim().split('\n').slice(1).map((l) => l.replace(/^("([^"]|"")*"|[^,]*),/, ''));
    expect(cells(b.stdout)).toEqual(cells(a.stdout));
    expect(b.stdout.split('\n')[1]).toMatch(/^"n0, ""q""",(setosa|versicolor|virginica),/);
    expect(readFileSync(join(dir, 'q.csv'), 'utf8')).toBe(b.stdout);
    expect(b.stderr).toBe(a.stderr);
  }, 120_000);
});
