/**
 * Results names become folders (issue 9, defects 1 and 5): one rule for every
 * source of a name, checked at validation with a position; two experiments
 * with one name in one invocation stop everything; `extends` never passes its
 * name on. The CLI cases prove nothing is trained or written outside `--out`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameProblem } from '../src/load/names.js';
import { BASE, loadText, where } from './load-helpers.js';
import { cliInProcess } from './cli-in-process.js';
import { changedFiles, snapshot, tempDir } from './run-helpers.js';

const ODD = ['.', '..', '...', '.git', 'a'.repeat(101), 'my exp', 'café', "x'y", 'x"y', '-x', '_x', 'a/b', 'a\\b', '', 'x.multirun'];
const FINE = ['a', '0', 'A.b_c-d', 'a'.repeat(100), 'x..y', 'v1.2'];

describe('the results name rule', () => {
  it('accepts names that start alphanumeric, within 100 characters', () => {
    for (const n of FINE) expect(nameProblem(n), n).toBeUndefined();
  });

  it('rejects ., .., ..., .git, 101 characters, spaces, unicode, quotes, slashes and the -m suffix', () => {
    for (const n of ODD) expect(nameProblem(n), JSON.stringify(n)).toBeDefined();
  });

  it('reports a bad `name:` at its value', () => {
    for (const n of ['.', '..', '.git', 'a'.repeat(101), 'my exp', 'café']) {
      const r = loadText(`name: ${JSON.stringify(n)}\n${BASE}`);
      expect(r.experiment, n).toBeNull();
      expect(where(r.issues), n).toEqual(['exp.yaml:1:7 name-invalid']);
    }
  });

  it('reports a bad --set name=... at the argument', () => {
    const r = loadText(BASE, ['fit.epochs=2', 'name=..']);
    expect(r.experiment).toBeNull();
    expect(where(r.issues)).toEqual(['<--set>:1:2 name-invalid']);
  });

  it('reports a bad default name from the file name at line 1, with a hint to add name:', () => {
    for (const file of ['..yaml', '...yaml', 'my exp.yaml', 'café.yaml', "x'y.yaml", '.git.yaml', `${'a'.repeat(101)}.yaml`]) {
      const r = loadText({ [file]: BASE }, [], file);
      expect(r.experiment, file).toBeNull();
      expect(where(r.issues), file).toEqual([`${file}:1:1 name-invalid`]);
      expect(r.issues[0]!.hint).toContain('add `name:`');
    }
  });

  it('lets a valid name: rescue a file whose own name is unusable', () => {
    const r = loadText({ 'my exp.yaml': `name: my-exp\n${BASE}` }, [], 'my exp.yaml');
    expect(r.experiment?.name).toBe('my-exp');
  });

  it('reports a bad variant name at its value', () => {
    const r = loadText(`${BASE}sweep:\n  variants:\n    - {name: "..", compile.optimizer: sgd}\n    - {name: ok, compile.optimizer: adam}\n`);
    expect(r.experiment).toBeNull();
    expect(where(r.issues)).toEqual(['exp.yaml:21:14 name-invalid']);
  });
});

describe('extends and names', () => {
  it('never inherits the base name: the default is the file\'s own name', () => {
    const r = loadText({ 'base.yaml': `name: the-base\n${BASE}`, 'child.yaml': 'extends: base.yaml\nfit: {epochs: 3}\n' }, [], 'child.yaml');
    expect(r.experiment?.name).toBe('child');
    expect(r.written?.name).toBeUndefined();
  });

  it('keeps the name a file writes itself', () => {
    const r = loadText({ 'base.yaml': `name: the-base\n${BASE}`, 'child.yaml': 'name: mine\nextends: base.yaml\n' }, [], 'child.yaml');
    expect(r.experiment?.name).toBe('mine');
  });
});

const SMALL = BASE.replace('features: 5\n', 'features: 5\n  samples: 20\n').replace('epochs: 10', 'epochs: 1');

function project(files: Record<string, string>): string {
  const dir = tempDir('names');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('trainspec run with unusable or clashing names', () => {
  it('refuses `...yaml` (default name "..") with exit 2 and leaves every file as it was', async () => {
    const dir = project({ 'experiments/...yaml': SMALL, 'experiments/ok.yaml': SMALL, 'keep.txt': 'mine' });
    const before = snapshot(dir);
    const r = await cliInProcess(['run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('experiments/...yaml:1:1: error: the results name "..", taken from the file name');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(changedFiles(before, snapshot(dir))).toEqual([]);
  });

  it('refuses name: .git with --out . and writes nothing', async () => {
    const dir = project({ 'x.yaml': `name: .git\n${SMALL}` });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const before = snapshot(dir);
    const r = await cliInProcess(['run', 'x.yaml', '--out', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('x.yaml:1:7: error: name ".git" must start with a letter or digit');
    expect(changedFiles(before, snapshot(dir))).toEqual([]);
  });

  it('refuses --set name=.. with a position at the argument', async () => {
    const dir = project({ 'x.yaml': SMALL });
    const r = await cliInProcess(['run', 'x.yaml', '--set', 'name=..'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<--set>:1:1: error: name ".." must');
    expect(r.stderr).toContain('--set name=..');
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('stops two experiments with one name (team1/ and team2/baseline.yaml): both files named, nothing trained', async () => {
    const dir = project({ 'experiments/team1/baseline.yaml': SMALL, 'experiments/team2/baseline.yaml': `# team 2\n${SMALL}` });
    const r = await cliInProcess(['run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('experiments/team2/baseline.yaml:1:1: error: results name "baseline" is also the name of experiments/team1/baseline.yaml:1:1');
    expect(r.stderr).toContain('[name-duplicate]');
    expect(readdirSync(dir)).toEqual(['experiments']);
  });

  it('points at both name: keys when they are written, and ignores case (one folder on macOS)', async () => {
    const dir = project({ 'a.yaml': `name: Base\n${SMALL}`, 'b.yaml': `seed: 1\nname: base\n${SMALL}` });
    const r = await cliInProcess(['validate', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.yaml:2:7: error: results name "base" is also the name of a.yaml:1:7');
  });

  it('stops --set name=x over several files', async () => {
    const dir = project({ 'a.yaml': SMALL, 'b.yaml': SMALL });
    const r = await cliInProcess(['run', 'a.yaml', 'b.yaml', '--set', 'name=x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.yaml:1:1: error: results name "x" is also the name of a.yaml:1:1');
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('runs a child of a named base under the child\'s own name', async () => {
    const dir = project({ 'base.yaml': `name: base\n${SMALL}`, 'child.yaml': 'extends: base.yaml\nseed: 5\n' });
    const r = await cliInProcess(['run', 'base.yaml', 'child.yaml', '--backend', 'cpu'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'results')).sort()).toEqual(['base', 'child']);
  });
});
