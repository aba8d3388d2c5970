/**
 * `trainspec predict --input -` and stdout: the CLI spawned with rows piped
 * into stdin in many small writes (as a producer upstream in a pipe sends
 * them), checked against the same rows read from a file, to the last byte.
 * That one case spawns the bin (the pipe is its subject); the others are about what predict makes of stdin's rows
 * (--output, --json, errors) and run in this process, stdin a stream of the same pieces (cli-in-process.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunksText, readStdinChunks } from '../src/predict/stdin.js';

import { cliInProcess } from './cli-in-process.js';
import { BIN, collect, ROOT, tempDir, type CliResult } from './run-helpers.js';

const readStdinText = async (stream: NodeJS.ReadableStream, limit?: number) => chunksText(await readStdinChunks(stream, limit));

const MODEL = join(ROOT, 'examples/results/iris');
/** More than predict's 4096-row batch, so two batches; 135 KB in, ~100 KB out: each more than a pipe's 64 KiB buffer. */
const ROWS = 4200;
/** Bytes per write into the pipe: the 4200 rows take about 35 writes. */
const PIECE = 4000;

/** Runs trainspec with `input` written to its stdin piece by piece, each after the previous one was taken. */
function cliWithStdin(args: string[], input: string, cwd: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const result = collect(child);
  // A reader that stops early (an error) closes the pipe: that is its answer, not a test failure.
  child.stdin.on('error', () => {});
  const bytes = Buffer.from(input, 'utf8');
  let at = 0;
  const next = () => {
    if (at >= bytes.length) return void child.stdin.end();
    const piece = bytes.subarray(at, at + PIECE);
    at += PIECE;
    if (child.stdin.write(piece)) setImmediate(next);
    else child.stdin.once('drain', next);
  };
  next();
  return result;
}

/** Runs trainspec in this process with `input` as its stdin, in PIECE-byte chunks. */
const piped = (args: string[], input: string, cwd: string) => cliInProcess(args, { cwd, stdin: input, stdinPiece: PIECE });

let dir: string;
let rowsCsv: string;
/** `predict MODEL --input -` of the rows: what two tests compare their output forms with, predicted once. */
let plainRun: Promise<CliResult> | undefined;
const plainOnce = () => (plainRun ??= piped(['predict', MODEL, '--input', '-', '--backend', 'cpu'], rowsCsv, dir));

beforeAll(() => {
  dir = tempDir('predict-stdin');
  const [header, ...lines] = readFileSync(join(ROOT, 'experiments/data/iris.csv'), 'utf8').trim().split('\n');
  // An id column (kept in the output) proves every row came back, in order; a name with "é" spans pipe writes somewhere.
  rowsCsv = `id,${header}\n${Array.from({ length: ROWS }, (_, i) => `r${i}é,${lines[i % lines.length]}`).join('\n')}\n`;
  writeFileSync(join(dir, 'rows.csv'), rowsCsv);
});

describe('trainspec predict --input - (stdin) and stdout', () => {
  it('reads 4200 piped rows and writes every prediction to stdout, exactly as from a file', async () => {
    const fromFile = await cliInProcess(['predict', MODEL, '--input', 'rows.csv', '--keep', 'id', '--proba', '--backend', 'cpu'], { cwd: dir });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const piped = await cliWithStdin(['predict', MODEL, '--input', '-', '--keep', 'id', '--proba', '--backend', 'cpu'], rowsCsv, dir);
    expect(piped.code, piped.stderr).toBe(0);
    const lines = piped.stdout.split('\n');
    expect(lines[0]).toBe('id,prediction,p_setosa,p_versicolor,p_virginica');
    expect(lines.length).toBe(ROWS + 2); // header, the rows, and the final newline
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(Array.from({ length: ROWS }, (_, i) => `r${i}é`));
    expect(piped.stdout).toBe(fromFile.stdout);
    expect(piped.stderr).toMatch(/^accuracy 0\.\d+ on 4200 rows \(target column "species"\)\n$/);
    expect(piped.stderr).toBe(fromFile.stderr);
  });

  it('--output - is stdout too; --json gives a line per row, then the summary', async () => {
    const plain = await plainOnce();
    const dash = await piped(['predict', MODEL, '--input', '-', '--output', '-', '--backend', 'cpu'], rowsCsv, dir);
    expect(dash.code, dash.stderr).toBe(0);
    expect(dash.stdout).toBe(plain.stdout);
    expect(plain.stdout.split('\n').length).toBe(ROWS + 2);
    const json = await piped(['predict', MODEL, '--input', '-', '--output', '-', '--json', '--keep', 'id', '--backend', 'cpu'], rowsCsv, dir);
    expect(json.code, json.stderr).toBe(0);
    const objs = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.length).toBe(ROWS + 1);
    expect(objs[ROWS - 1]!.id).toBe(`r${ROWS - 1}é`);
    expect(objs.slice(0, -1).map((o) => o.prediction)).toEqual(plain.stdout.split('\n').slice(1, -1));
    expect(objs[ROWS]).toEqual({ summary: { rows: ROWS, accuracy: expect.any(Number) } });
  });

  it('stdin to a file: the file holds what stdout would, and stdout stays empty', async () => {
    const plain = await plainOnce();
    expect(plain.code, plain.stderr).toBe(0);
    const toFile = await piped(['predict', MODEL, '--input', '-', '--output', 'out.csv', '--backend', 'cpu'], rowsCsv, dir);
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(plain.stdout);
  });

  it('bad piped input: exit 2 with <stdin>:LINE, and no output at all', async () => {
    const empty = await piped(['predict', MODEL, '--input', '-', '--backend', 'cpu'], '', dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('trainspec predict: <stdin>:1: the input is empty (no header row, no rows)\n');
    expect(empty.stdout).toBe('');
    // a bad cell late in the input, in the second batch (row 4150, line 4151): nothing is written before it is found
    const lines = rowsCsv.split('\n');
    lines[4150] = lines[4150]!.replace(/,[\d.]+,/, ',oops,');
    const bad = await piped(['predict', MODEL, '--input', '-', '--backend', 'cpu'], lines.join('\n'), dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^trainspec predict: <stdin>:4151: column "sepal_length", row 4150: the value is not a number\n$/);
    expect(bad.stdout).toBe('');
  });
});

describe('readStdinText', () => {
  it('joins chunks before decoding: a character split across two chunks stays whole', async () => {
    const bytes = Buffer.from('a,b\né,ü\n', 'utf8');
    const pieces = [bytes.subarray(0, 5), bytes.subarray(5, 7), bytes.subarray(7)]; // "é" is bytes 4-5
    expect(await readStdinText(Readable.from(pieces))).toBe('a,b\né,ü\n');
  });

  it('refuses input past the limit while reading, before holding the rest', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1000, 65);
      }
    }
    await expect(readStdinText(Readable.from(endless()), 10_000)).rejects.toThrow('the input is larger than 10000 bytes');
    expect(pulled).toBeLessThan(50); // an endless source: stopped at the limit (plus what the stream buffers ahead)
  });
});
