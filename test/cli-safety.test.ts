/**
 * Issue 9: inputs that used to abort with exit 134, print a stack trace or read the wrong thing now exit 2 with a
 * position and their own code (defects 3, 4, 12 and 13). The cases run `trainspec` in this process
 * (cli-in-process.ts: what main() prints and returns; something it throws fails the test, and an allocation that
 * aborts would end the test's own process). The FIFO case spawns the real bin: opening a FIFO would block the
 * process for good, and a spawned one is bounded by a timeout; that one spawn checks the folder case too.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, type ExpectStatic } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { ROOT } from './load-helpers.js';

const BIN = join(ROOT, 'bin', 'trainspec.js');
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-safety-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run { code: number; stdout: string; stderr: string }

/** Runs the bin in `cwd`; no run may print a stack trace. */
function spawned(expect: ExpectStatic, args: string[], cwd = tmp): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code) : 0;
      expect(stderr).not.toContain('    at ');
      done({ code, stdout, stderr });
    });
  });
}

/** Runs `trainspec ARGS` in this process, in `cwd`; no run may print a stack trace. */
async function cli(expect: ExpectStatic, args: string[], cwd = tmp): Promise<Run> {
  const r = await cliInProcess(args, { cwd });
  expect(r.stderr).not.toContain('    at ');
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const write = (rel: string, text: string | Buffer) => {
  mkdirSync(join(tmp, rel, '..'), { recursive: true });
  writeFileSync(join(tmp, rel), text);
  return rel;
};

const MODEL = 'model:\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n';
const gen = (extra: string) => `data:\n  generator: uniform_sum\n${extra}${MODEL}`;

/** file name → its text, and the `file:line:col ... [code]` its validation must print. */
const CASES: [string, string, string][] = [
  ['features-1e9.yaml', gen('  features: 1000000000\n'), 'features-1e9.yaml:3:13: error: .* \\[size-limit\\]'],
  ['samples-1e8.yaml', gen('  samples: 100000000\n'), 'samples-1e8.yaml:3:12: error: .* \\[memory-limit\\]'],
  ['samples-1e12.yaml', gen('  samples: 1e12\n'), 'samples-1e12.yaml:3:12: error: .* \\[size-limit\\]'],
  ['batch-1e9.yaml', `${gen('')}fit:\n  batch_size: 1000000000\n`, 'batch-1e9.yaml:8:15: error: .* \\[size-limit\\]'],
  ['params-1e10.yaml', 'data:\n  generator: uniform_sum\n  features: 100000\nmodel:\n  - {type: dense, units: 100000}\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n',
    'params-1e10.yaml:5:12: error: the model has 1.00e10 parameters .* \\[size-limit\\]'],
  ['alias-cycle.yaml', `x: &r [*r]\n${gen('')}`, 'alias-cycle.yaml:1:8: error: .* \\[yaml-alias-cycle\\]'],
  ['reshape.yaml', 'data:\n  generator: uniform_sum\n  features: 12\nmodel:\n  - {type: reshape, target_shape: [5, 2]}\n  - {type: flatten}\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n',
    'reshape.yaml:5:35: error: layer 0: reshape to \\[5, 2\\] .* \\[shape-mismatch\\]'],
  ['conv-kernel.yaml', 'data:\n  generator: uniform_sum\n  features: 12\nmodel:\n  - {type: reshape, target_shape: [3, 4, 1]}\n  - {type: conv2d, filters: 2, kernel_size: 5}\n  - {type: flatten}\n  - {type: dense, units: 1, activation: tanh}\ncompile:\n  loss: hinge\n',
    'conv-kernel.yaml:6:45: error: layer 1: conv2d kernel_size 5x5 is larger than its input 3x4 .* \\[shape-mismatch\\]'],
];

describe('bounds and shapes: exit 2 with a position, before anything is allocated', () => {
  // One `validate` of all the files; each case checks its own file's line in that output.
  let all: Promise<Run> | undefined;
  const validateAll = (expect: ExpectStatic) => {
    if (!all) {
      for (const [file, text] of CASES) write(file, text);
      all = cli(expect, ['validate', ...CASES.map(([file]) => file)]);
    }
    return all;
  };

  it.for(CASES)('%s', async ([file, , line], { expect }) => {
    const r = await validateAll(expect);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${line}$`, 'm'));
  });

  it('a sweep of 1e9 points fails in --dry-run too, without expanding it', async ({ expect }) => {
    const ten = (v: (i: number) => string) => `[${Array.from({ length: 10 }, (_, i) => v(i)).join(', ')}]`;
    const keys = ['fit.epochs', 'fit.batch_size', 'seed', 'data.samples', 'model.0.units', 'data.features', 'data.threshold', 'data.noise', 'fit.validation_split'];
    const grid = keys.map((k) => `    ${k}: ${ten((i) => (k === 'fit.validation_split' || k === 'data.noise' ? String(i / 10) : String(i + 1)))}\n`).join('');
    write('sweep-1e9.yaml', `${gen('')}sweep:\n  grid:\n${grid}`);
    for (const args of [['validate', 'sweep-1e9.yaml'], ['run', '--dry-run', '--out', 'out', 'sweep-1e9.yaml']]) {
      const r = await cli(expect, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^sweep-1e9\.yaml:7:1: error: the sweep has 1\.00e9 points; the limit is 10000 .*\[size-limit\]$/m);
    }
  });
});

describe('data files: their own message, never their contents', () => {
  const csvExp = (path: string, target = 'label') => `data:\n  path: ${path}\n  target: ${target}\n${MODEL}`;

  it('a 100 GB experiment file is file-too-large, not "file not found"', async ({ expect }) => {
    write('huge.yaml', '');
    truncateSync(join(tmp, 'huge.yaml'), 100 * 1024 ** 3);
    const r = await cli(expect, ['validate', 'huge.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^huge\.yaml:1:1: error: file is 107374182400 bytes; the limit is 1048576 \(1 MiB\) \[file-too-large\]$/m);
  });

  it('a large data file is read (no 64 MiB cap); 65 MiB without a line break is not a table, not "no rows"', async ({ expect }) => {
    write('big/data.csv', '');
    truncateSync(join(tmp, 'big/data.csv'), 65 * 1024 * 1024);
    write('big/exp.yaml', csvExp('data.csv'));
    const r = await cli(expect, ['validate', 'big/exp.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^big\/exp\.yaml:2:9: error: data\.csv:1: line 1 is longer than 64 MiB \(no line break\): not a CSV table \[data-invalid\]$/m);
  });

  it('a folder or a FIFO as data gets its own message (and a FIFO is never opened)', async ({ expect }) => {
    write('special/dir/x.csv', 'a,label\n1,x\n');
    execFileSync('mkfifo', [join(tmp, 'special', 'pipe.csv')]);
    write('special/dir.yaml', csvExp('dir'));
    write('special/pipe.yaml', csvExp('pipe.csv'));
    // one process for both files: the folder's message and the FIFO's, each on its own line
    const both = await spawned(expect, ['validate', 'special/dir.yaml', 'special/pipe.yaml']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^special\/dir\.yaml:2:9: error: dir is a folder, not a file \[data-not-a-file\]$/m);
    expect(both.stderr).toMatch(/^special\/pipe\.yaml:2:9: error: pipe\.csv is not a regular file \(a FIFO\).*\[data-not-a-file\]$/m);
  });

  it('a ragged row and invalid UTF-8 name the CSV line', async ({ expect }) => {
    write('csv/ragged.csv', 'a,b,label\n1,2,x\n3,4,y\n5,z\n');
    write('csv/ragged.yaml', csvExp('ragged.csv'));
    write('csv/utf8.csv', Buffer.concat([Buffer.from('a,label\n1,x\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    write('csv/utf8.yaml', csvExp('utf8.csv'));
    const ragged = await cli(expect, ['validate', 'csv/ragged.yaml']);
    expect(ragged.stderr).toMatch(/^csv\/ragged\.yaml:2:9: error: ragged\.csv:4: ragged row: 2 fields, the header has 3 \[data-invalid\]$/m);
    const utf8 = await cli(expect, ['validate', 'csv/utf8.yaml']);
    expect(utf8.code).toBe(2);
    expect(utf8.stderr).toMatch(/^csv\/utf8\.yaml:2:9: error: utf8\.csv:3: not valid UTF-8 text \[data-invalid\]$/m);
  });

  it('a data path may not leave the experiment\'s folder unless --allow-outside-data; the file is never echoed', async ({ expect }) => {
    write('secret/.env', 'API_KEY=sk-live-0123456789abcdef\nDB_PASSWORD=hunter2\n');
    write('proj/exp.yaml', csvExp('../secret/.env'));
    write('proj/abs.yaml', csvExp(join(tmp, 'secret', '.env')));
    for (const file of ['proj/exp.yaml', 'proj/abs.yaml']) {
      const r = await cli(expect, ['validate', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${file.replace('.', '\\.')}:2:9: error: data path .* leaves the experiment's folder .*\\[data-outside\\]$`, 'm'));
    }
    // allowed: read, and still no cell or line of it in the message
    const allowed = await cli(expect, ['validate', '--allow-outside-data', 'proj/exp.yaml']);
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toMatch(/\[data-column\]/);
    expect(allowed.stderr).not.toContain('sk-live');
    expect(allowed.stderr).not.toContain('hunter2');
  });
});
