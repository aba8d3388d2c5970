/**
 * `trainspec show` over real results folders: experiments trained once through
 * the CLI in a temporary project, then copied and changed per case (an edited
 * YAML, a killed write, a lock, a deleted file) and shown. show only reads.
 * Every command runs in this process (cli-in-process.ts): the subject is what show prints and exits with, not the
 * process (process exits, pipes and signals are tested in process-guard, process-output and run-sigint).
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortKeys } from '../src/results/format.js';
import { cliInProcess as cli } from './cli-in-process.js';
import { changedFiles, snapshot, tempDir } from './run-helpers.js';

const SINGLE = `
seed: 3
data: {generator: uniform_sum, samples: 80}
test: {samples: 40}
model:
  - {type: dense, units: 6, activation: tanh}
  - {type: dense, name: out, units: 1, activation: sigmoid}
compile: {optimizer: adam, loss: binary_crossentropy, metrics: [accuracy]}
fit: {epochs: 4, batch_size: 16, validation_split: 0.25}
`;
const SWEEP = `${SINGLE}
sweep:
  grid:
    compile.optimizer: [adam, sgd]
`;
// Linear regression at learning rate 1e6: the loss is not finite within a few steps.
const BLOWUP = `
seed: 1
data: {generator: linear, samples: 100, features: 3}
model: [{type: dense, units: 4}, {type: dense, units: 1}]
compile: {optimizer: {type: sgd, learning_rate: 1000000}, loss: mse, metrics: [mae]}
fit: {epochs: 20, batch_size: 10}
`;

interface Row {
  name: string; kind: string; status: string; up_to_date: boolean | null; reason: string; yaml: string | null;
  model: string; optimizer: string; loss: string; epochs: number | null; epochs_run: number | null;
  metrics: Record<string, number | null>; results_dir: string;
}

// A file-backed experiment: its data's bytes are part of what up to date means.
const CSV_EXP = `
seed: 2
data: {path: c.csv, target: y, normalize: standard}
model: [{type: dense, units: 3, activation: relu}, {type: dense, units: 1, activation: sigmoid}]
compile: {optimizer: adam, loss: binary_crossentropy, metrics: [accuracy]}
fit: {epochs: 2, batch_size: 8}
`;
const csv = (n: number) => `u,v,y\n${Array.from({ length: n }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2}`).join('\n')}\n`;

let base: string;

beforeAll(async () => {
  base = tempDir('show-base');
  for (const [f, text] of [['a', SINGLE], ['s', SWEEP], ['blowup', BLOWUP], ['c', CSV_EXP]]) {
    writeFileSync(join(base, `${f}.yaml`), text);
  }
  writeFileSync(join(base, 'c.csv'), csv(40));
  const r = await cli(['run', 'a.yaml', 's.yaml', 'blowup.yaml', '--backend', 'cpu', '--workers', '1'], { cwd: base });
  expect(r.code, r.stderr).toBe(1); // blowup diverges; the others train
});

/** A copy of the trained project, to change without touching the others' cases. */
function project(): string {
  const dir = tempDir('show');
  cpSync(base, dir, { recursive: true });
  return dir;
}

const EXP = ['--experiments', 'a.yaml', '--experiments', 's.yaml', '--experiments', 'blowup.yaml'];

async function showJson(dir: string, ...args: string[]): Promise<Row[]> {
  const r = await cli(['show', '--json', ...EXP, ...args], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe(`${JSON.stringify(sortKeys(JSON.parse(r.stdout)), null, 2)}\n`);
  return JSON.parse(r.stdout) as Row[];
}
const byName = (rows: Row[], name: string) => {
  const row = rows.find((r) => r.name === name);
  expect(row, `${name} in ${rows.map((r) => r.name).join(', ')}`).toBeDefined();
  return row!;
};

describe('trainspec show', () => {
  it('lists every run, the sweep and its points, up to date, with settings and the final metrics of metrics.json', async () => {
    const dir = project();
    const before = snapshot(dir);
    const rows = await showJson(dir);
    expect(rows.map((r) => [r.name, r.kind, r.status, r.up_to_date])).toEqual([
      ['a', 'run', 'done', true],
      ['blowup', 'run', 'diverged', true],
      ['s', 'sweep', 'done', true],
      ['s/optimizer=adam', 'point', 'done', true],
      ['s/optimizer=sgd', 'point', 'done', true],
    ]);
    const a = byName(rows, 'a');
    expect(a).toMatchObject({ model: '5→dense 6 tanh→dense 1 sigmoid', optimizer: 'adam lr=0.001', loss: 'binary_crossentropy', epochs: 4, epochs_run: 4, yaml: 'a.yaml', results_dir: 'results/a' });
    expect(a.metrics).toEqual(JSON.parse(readFileSync(join(dir, 'results/a/metrics.json'), 'utf8')).final);
    expect(byName(rows, 's/optimizer=sgd').optimizer).toBe('sgd lr=0.01');
    expect(byName(rows, 's').model).toBe('sweep of 2 points');
    // read only: not a byte changed, no lock or temporary file left
    expect(changedFiles(before, snapshot(dir))).toEqual([]);
    // and run agrees: what show calls up to date, run skips
    const run = await cli(['run', 'a.yaml', '--backend', 'cpu'], { cwd: dir });
    expect(run.stdout).toContain('a: up to date');
  });

  it('prints one plain text table (alias ls): a row per run and point, metrics then settings', async () => {
    const r = await cli(['ls', ...EXP], { cwd: project() });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^experiment +status +up_to_date +epochs +loss +accuracy +val_loss +val_accuracy +test_loss +test_accuracy +mae +compile\.optimizer +compile\.loss +model$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['a', 'done', 'yes'], ['blowup', 'diverged', 'yes'], ['s', 'done', 'yes'], ['s/optimizer=adam', 'done', 'yes'], ['s/optimizer=sgd', 'done', 'yes'],
    ]);
    expect(lines[3]).toMatch(/^blowup +diverged +yes +\d+\/20 +sgd lr=1000000 +mean_squared_error +3→dense 4→dense 1$/);
    expect(lines[4]).toMatch(/^s +done +yes +sweep of 2 points$/);
    expect(lines[2]).toMatch(/^a +done +yes +4\/4 +0\.\d+ .* adam lr=0\.001 +binary_crossentropy +5→dense 6 tanh→dense 1 sigmoid$/);
    expect(r.stdout).not.toMatch(/ \n/);
  });

  it('an edited YAML makes its results stale (yaml changed); a sweep edit makes every point stale', async () => {
    const dir = project();
    writeFileSync(join(dir, 'a.yaml'), SINGLE.replace('epochs: 4', 'epochs: 5'));
    writeFileSync(join(dir, 's.yaml'), SWEEP.replace('units: 6', 'units: 7'));
    const rows = await showJson(dir);
    expect(byName(rows, 'a')).toMatchObject({ status: 'stale', up_to_date: false, reason: 'yaml changed', epochs: 4 });
    expect(byName(rows, 's')).toMatchObject({ status: 'stale', up_to_date: false });
    expect(byName(rows, 's/optimizer=adam')).toMatchObject({ status: 'stale', reason: 'yaml changed' });
  });

  it('a new sweep point is missing and the sweep incomplete; a point the YAML no longer plans is unknown and does not count', async () => {
    const dir = project();
    writeFileSync(join(dir, 's.yaml'), SWEEP.replace('[adam, sgd]', '[adam, rmsprop]'));
    const rows = await showJson(dir);
    expect(byName(rows, 's')).toMatchObject({ status: 'incomplete', up_to_date: false, reason: '1 of 2 points', model: 'sweep of 3 points (1 not run)' });
    expect(byName(rows, 's/optimizer=rmsprop')).toMatchObject({ status: 'missing', up_to_date: false, reason: 'not run', metrics: {} });
    expect(byName(rows, 's/optimizer=sgd')).toMatchObject({ status: 'done', up_to_date: null, reason: 'not in yaml' });
    expect(byName(rows, 's/optimizer=adam')).toMatchObject({ status: 'done', up_to_date: true });
    // dropping a point from the grid: what is left is up to date, as run would say
    writeFileSync(join(dir, 's.yaml'), SWEEP.replace('[adam, sgd]', '[adam]'));
    const fewer = await showJson(dir, 's');
    expect(fewer.map((r) => [r.name, r.status, r.up_to_date, r.reason])).toEqual([
      ['s', 'done', true, 'up to date'], ['s/optimizer=adam', 'done', true, 'up to date'], ['s/optimizer=sgd', 'done', null, 'not in yaml'],
    ]);
  });

  it('changed data, or results of another engine than run would use, are stale too, each with its reason', async () => {
    const dir = project();
    const trained = await cli(['run', 'c.yaml', '--backend', 'cpu'], { cwd: dir });
    expect(trained.code, trained.stderr).toBe(0);
    const other = await cli(['run', 'a.yaml', '--backend', 'cpu', '--engine', 'tfjs', '--force'], { cwd: dir });
    expect(other.code, other.stderr).toBe(0);
    const fresh = await showJson(dir, '--experiments', 'c.yaml', 'c');
    expect(fresh[0]).toMatchObject({ status: 'done', up_to_date: true, model: '2→dense 3 relu→dense 1 sigmoid' });
    writeFileSync(join(dir, 'c.csv'), csv(41));
    const rows = await showJson(dir, '--experiments', 'c.yaml');
    expect(byName(rows, 'c')).toMatchObject({ status: 'stale', up_to_date: false, reason: 'data changed' });
    expect(byName(rows, 'a')).toMatchObject({ status: 'stale', up_to_date: false, reason: 'engine changed' });
  });

  it("a killed write's leftovers: the folder renamed aside, or a temporary folder beside it, is incomplete", async () => {
    const dir = project();
    const res = join(dir, 'results');
    renameSync(join(res, 'a'), join(res, '.a.old-999999999-0123456789ab'));
    cpSync(join(res, 's/optimizer=sgd'), join(res, 's/.optimizer=sgd.tmp-999999999-0123456789ab'), { recursive: true });
    // a killed summary write leaves a file, not a point
    writeFileSync(join(res, 's/.summary.md.tmp-999999999-0123456789ab'), '# half');
    const before = snapshot(dir);
    const rows = await showJson(dir);
    expect(rows.map((r) => r.name)).toEqual(['a', 'blowup', 's', 's/optimizer=adam', 's/optimizer=sgd']);
    expect(byName(rows, 'a')).toMatchObject({ status: 'incomplete', up_to_date: false, reason: 'incomplete' });
    expect(byName(rows, 's/optimizer=sgd')).toMatchObject({ status: 'incomplete', up_to_date: false, reason: 'incomplete' });
    expect(byName(rows, 's').status).toBe('incomplete');
    expect(changedFiles(before, snapshot(dir))).toEqual([]); // nothing recovered: show never writes
  });

  it('a damaged folder (weights cut short, a file deleted) is incomplete', async () => {
    const dir = project();
    truncateSync(join(dir, 'results/a/model/weights.bin'), 8);
    rmSync(join(dir, 'results/s/optimizer=adam/history.csv'));
    const rows = await showJson(dir);
    expect(byName(rows, 'a')).toMatchObject({ status: 'incomplete', up_to_date: false, reason: 'incomplete' });
    expect(byName(rows, 's/optimizer=adam').status).toBe('incomplete');
  });

  it('a lock held by a live process is locked-running; a dead owner\'s lock is ignored', async () => {
    const dir = project();
    writeFileSync(join(dir, 'results/.a.lock'), `${process.pid} test\n`);
    writeFileSync(join(dir, 'results/.fresh.lock'), `${process.pid} test\n`);
    writeFileSync(join(dir, 'results/s/.optimizer=adam.lock'), '999999999 gone\n');
    const rows = await showJson(dir);
    expect(byName(rows, 'a').status).toBe('locked-running');
    expect(byName(rows, 'fresh')).toMatchObject({ status: 'locked-running', yaml: null, reason: 'no yaml' });
    expect(byName(rows, 's/optimizer=adam').status).toBe('done');
  });

  it('results whose YAML is gone or invalid: no yaml / invalid yaml, settings still from run.json', async () => {
    const dir = project();
    rmSync(join(dir, 'a.yaml'));
    writeFileSync(join(dir, 'blowup.yaml'), `${BLOWUP}\nfit: [not, a, mapping]\n`);
    const rows = await cli(['show', '--json', '--experiments', 's.yaml', '--experiments', 'blowup.yaml'], { cwd: dir });
    expect(rows.code, rows.stderr).toBe(0);
    const parsed = JSON.parse(rows.stdout) as Row[];
    expect(byName(parsed, 'a')).toMatchObject({ status: 'done', up_to_date: null, reason: 'no yaml', yaml: null, model: '5→dense 6 tanh→dense 1 sigmoid' });
    expect(byName(parsed, 'blowup')).toMatchObject({ status: 'diverged', up_to_date: null, reason: 'invalid yaml', yaml: 'blowup.yaml' });
  });

  it('finds the YAML under experiments/ by default, and compares by experiment name, not file name', async () => {
    const dir = tempDir('show-default');
    cpSync(join(base, 'results'), join(dir, 'results'), { recursive: true });
    mkdirSync(join(dir, 'experiments'));
    writeFileSync(join(dir, 'experiments/renamed.yaml'), `name: a\n${SINGLE}`);
    const r = await cli(['show', '--json', 'a'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ name: 'a', status: 'done', up_to_date: true, yaml: 'experiments/renamed.yaml' }]);
  });

  it('NAME filters exactly: a run, a sweep with its points, one point; an unknown name exits 2 naming close ones', async () => {
    const dir = project();
    expect((await showJson(dir, 'a')).map((r) => r.name)).toEqual(['a']);
    expect((await showJson(dir, 's')).map((r) => r.name)).toEqual(['s', 's/optimizer=adam', 's/optimizer=sgd']);
    expect((await showJson(dir, 's/optimizer=sgd', 'blowup')).map((r) => r.name)).toEqual(['blowup', 's/optimizer=sgd']);
    const miss = await cli(['show', ...EXP, 'blowpu'], { cwd: dir });
    expect(miss.code).toBe(2);
    expect(miss.stderr).toBe('trainspec show: no results named "blowpu" under results; did you mean "blowup"?\n');
    expect(miss.stdout).toBe('');
    const far = await cli(['show', ...EXP, 'zzzzzzzzzz'], { cwd: dir });
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('(there: "a", "blowup", "s", "s/optimizer=adam", "s/optimizer=sgd")');
  });

  it('--out elsewhere; no results yet is not an error; --out a file is', async () => {
    const dir = project();
    renameSync(join(dir, 'results'), join(dir, 'elsewhere'));
    expect((await showJson(dir, '--out', 'elsewhere')).length).toBe(5);
    const none = await cli(['show', ...EXP], { cwd: dir });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no results under results');
    expect((await cli(['show', '--json', ...EXP], { cwd: dir })).stdout).toBe('[]\n');
    const typo = await cli(['show', '--experiments', 'experimnts'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('trainspec show: --experiments: no such file or folder: experimnts\n');
    writeFileSync(join(dir, 'results'), 'not a folder');
    const bad = await cli(['show', ...EXP], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--out results is a file');
  });

  it('is listed in trainspec --help', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toMatch(/show\|ls \[options\] \[names\.\.\.\] +list every experiment under the results folder/);
  });
});
