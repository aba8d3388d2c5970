/**
 * Issue 9 through the CLI and the runner, as a user meets it: a bad --out or a
 * name too long is exit 2 before anything trains (defect 4); up to date only
 * over a whole results folder, and a write killed between its renames is put
 * back (defect 11); a sweep point with a missing or corrupt file is rerun or
 * reported, never a stack trace; summarize refuses a file or a single run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../src/runner/execute.js';
import { OutputError } from '../src/results/output-error.js';
import { cliInProcess } from './cli-in-process.js';
import { changedFiles, loadYaml, snapshot, tempDir } from './run-helpers.js';

const BASE = `
seed: 3
data: {generator: uniform_sum, samples: 60}
model:
  - {type: dense, units: 4, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 2, batch_size: 20}
`;
const SWEEP = `${BASE}\nsweep:\n  grid:\n    compile.optimizer: [adam, sgd, rmsprop]\n`;

let dir: string;
const NO_TRACE = /\n\s+at .*:\d+:\d+/;
const statuses = (stdout: string) => stdout.trim().split('\n').map((l) => (JSON.parse(l) as { status: string }).status);

beforeAll(() => {
  dir = tempDir('results-cli');
  writeFileSync(join(dir, 'e.yaml'), BASE);
  writeFileSync(join(dir, 's.yaml'), SWEEP);
  writeFileSync(join(dir, 'notes.txt'), 'keep\n');
});

describe('defect 4: where results go is checked before training', () => {
  it('--out naming a file: exit 2, a clear message, the file untouched, nothing trained', async () => {
    const r = await cliInProcess(['run', 'e.yaml', '--out', 'notes.txt'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out notes\.txt is a file, not a folder/);
    expect(r.stderr).not.toMatch(/epoch|e: ok/);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep\n');
  });

  it('a 235-character name: exit 2 before training, no folder, no stack trace', async () => {
    const r = await cliInProcess(['run', 'e.yaml', '--out', 'long', '--set', `name=${'n'.repeat(235)}`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(existsSync(join(dir, 'long', 'n'.repeat(235)))).toBe(false);
  });

  it.skipIf(!existsSync('/sys/fs'))('an --out nothing can be written to: exit 2 naming the reason, before training', async () => {
    const r = await cliInProcess(['run', 'e.yaml', '--out', '/sys/fs/trainspec-results'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write results under --out \/sys\/fs\/trainspec-results: (operation not permitted|permission denied|read-only)/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  for (const name of ['..', '.', '.git']) {
    it(`executeRun with the name "${name}" (past a validator) throws an OutputError and touches nothing`, async () => {
      const root = tempDir('exec-name');
      mkdirSync(join(root, 'out', '.git'), { recursive: true });
      writeFileSync(join(root, 'out', '.git', 'HEAD'), 'x\n');
      const before = snapshot(root);
      const { x, source } = loadYaml(BASE);
      await expect(executeRun({ ...x, name }, source, { out: join(root, 'out'), backend: 'cpu' })).rejects.toThrow(OutputError);
      expect(changedFiles(before, snapshot(root))).toEqual([]);
      expect(readdirSync(join(root, 'out'))).toEqual(['.git']);
    });
  }
});

describe('defect 11: up to date only over whole results; killed writes recovered', () => {
  const run = () => cliInProcess(['run', 'e.yaml', '--out', 'r', '--json', '--backend', 'cpu'], { cwd: dir });
  const exp = () => join(dir, 'r', 'e');

  it('retrains when a file is missing, truncated or does not parse; up to date when whole', async () => {
    expect(statuses((await run()).stdout)).toEqual(['ok']);
    expect(statuses((await run()).stdout)).toEqual(['up_to_date']);
    for (const harm of [
      () => rmSync(join(exp(), 'metrics.json')),
      () => truncateSync(join(exp(), 'model', 'weights.bin'), 8),
      () => writeFileSync(join(exp(), 'model', 'model.json'), '{"modelTopology":'),
      () => rmSync(join(exp(), 'curves.svg')),
    ]) {
      harm();
      const r = await run();
      expect(r.code).toBe(0);
      expect(statuses(r.stdout)).toEqual(['ok']);
    }
    expect(statuses((await run()).stdout)).toEqual(['up_to_date']);
  });

  it('a kill -9 between the two renames: the next run puts the old folder back (up to date) and removes the temporary one', async () => {
    const before = snapshot(exp());
    renameSync(exp(), join(dir, 'r', '.e.old-999999999-abcdef012345'));
    mkdirSync(join(dir, 'r', '.e.tmp-999999999-abcdef012345'));
    writeFileSync(join(dir, 'r', '.e.tmp-999999999-abcdef012345', 'metrics.json'), '{"fi');
    const r = await run();
    expect(statuses(r.stdout)).toEqual(['up_to_date']);
    expect(changedFiles(before, snapshot(exp()))).toEqual([]);
    expect(readdirSync(join(dir, 'r'))).toEqual(['e']);
  });
});

describe('sweep points with missing or corrupt files', () => {
  const pt = (slug: string) => join(dir, 'sw', 's', slug);

  it('a later run reruns them, and summarize reports them instead of crashing', async () => {
    const first = await cliInProcess(['run', 's.yaml', '--out', 'sw', '--workers', '1', '--json', '--backend', 'cpu'], { cwd: dir });
    expect(first.code).toBe(0);
    rmSync(join(pt('optimizer=adam'), 'history.csv'));
    writeFileSync(join(pt('optimizer=sgd'), 'metrics.json'), '{"final": {');
    const sum = await cliInProcess(['summarize', 'sw/s'], { cwd: dir });
    expect(sum.code).toBe(0);
    expect(sum.stderr).toMatch(/skipped point optimizer=adam: history\.csv is missing/);
    expect(sum.stderr).toMatch(/skipped point optimizer=sgd: metrics\.json does not parse/);
    expect(sum.stdout).toMatch(/optimizer=rmsprop|rmsprop/);
    expect(sum.stderr + sum.stdout).not.toMatch(NO_TRACE);
    const again = await cliInProcess(['run', 's.yaml', '--out', 'sw', '--workers', '1', '--json', '--backend', 'cpu'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(statuses(again.stdout)).toEqual(['ok', 'ok', 'up_to_date']);
    const summary = readFileSync(join(dir, 'sw', 's', 'summary.md'), 'utf8');
    for (const o of ['adam', 'sgd', 'rmsprop']) expect(summary).toContain(o);
  });

  it('summarize given a file, a single run\'s folder or a missing folder: exit 2 with a message', async () => {
    for (const [arg, msg] of [
      ['notes.txt', /notes\.txt is a file; give a sweep's results folder/],
      ['r/e', /r\/e holds a single run's results, not a sweep/],
      ['nowhere', /no such folder: nowhere/],
    ] as const) {
      const r = await cliInProcess(['summarize', arg], { cwd: dir });
      expect(r.code, arg).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(NO_TRACE);
    }
  });
});
