/**
 * The writing layer on its own (issue 9, defects 1, 4, 11): it never renames
 * or removes anything but a results folder of ours strictly inside --out,
 * whatever name it is handed (".", "..", ".git", links); it refuses a bad
 * --out, a name too long for the file system, and an unwritable location
 * before training; a full disk leaves earlier results whole and no temporary
 * file; a write killed between its two renames is put back by the next one.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../src/results/output-error.js';
import { resultsTarget } from '../src/results/target.js';
import { recoverLeftovers, writeFilesAtomically, type WriteIo, realIo } from '../src/results/write.js';
import { realAsyncIo, writeAtomicallyAsync, type AsyncWriteIo } from '../src/results/write-async.js';
import { changedFiles, snapshot, tempDir } from './run-helpers.js';

const RUN_JSON = JSON.stringify({ hash: 'abc', versions: { trainspec: '0.1.0' } });
const files = (tag: string) => ({ 'run.json': RUN_JSON, 'metrics.json': `{"final":{"loss":${tag}}}`, 'model/weights.bin': new Uint8Array([1, 2, 3]) });

/** A sandbox: root/project (a stand-in for the user's files, with .git), root/project/out holding one results folder of ours. */
async function sandbox() {
  const root = tempDir('write');
  const project = join(root, 'project');
  const out = join(project, 'out');
  mkdirSync(join(project, '.git'), { recursive: true });
  writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(project, 'train.yaml'), 'name: x\n');
  await writeAtomicallyAsync(join(out, 'exp'), files('1'));
  mkdirSync(join(out, '.git'));
  writeFileSync(join(out, '.git', 'HEAD'), 'mine\n');
  return { root, project, out };
}

/** Every path under root, links included (not followed), with file bytes. */
function everything(root: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        seen.set(p, 'dir');
        walk(p);
      } else seen.set(p, st.isSymbolicLink() ? 'link' : readFileSync(p, 'latin1'));
    }
  };
  walk(root);
  return seen;
}

describe('defect 1: names that climb out never rename or delete anything', () => {
  for (const name of ['.', '..', '.git', '', '...', '.exp.old-1-ab']) {
    it(`writeAtomicallyAsync(out + "/${name}") throws and touches nothing`, async () => {
      const { root, out } = await sandbox();
      const before = everything(root);
      await expect(writeAtomicallyAsync(`${out}/${name}`, files('2'))).rejects.toThrow(OutputError);
      expect(everything(root)).toEqual(before);
    });
  }

  for (const rel of ['.', '..', '.git', '../project', 'a/../..', 'exp/..', '', '/etc', 'exp/./x']) {
    it(`resultsTarget(out, "${rel}") is refused`, async () => {
      const { root, out } = await sandbox();
      const before = everything(root);
      expect(() => resultsTarget(out, rel)).toThrow(/plain name|strictly inside/);
      expect(everything(root)).toEqual(before);
    });
  }

  it('replaces only folders of ours: a folder without trainspec\'s run.json or summary.json is refused', async () => {
    const { root, out } = await sandbox();
    mkdirSync(join(out, 'notes'));
    writeFileSync(join(out, 'notes', 'todo.txt'), 'keep me\n');
    writeFileSync(join(out, 'notes', 'run.json'), '{"not":"ours"}');
    const before = everything(root);
    expect(() => resultsTarget(out, 'notes')).toThrow(/not a results folder trainspec wrote/);
    await expect(writeAtomicallyAsync(join(out, 'notes'), files('2'))).rejects.toThrow(/not a results folder trainspec wrote/);
    writeFileSync(join(out, 'plain'), 'a file\n');
    expect(() => resultsTarget(out, 'plain')).toThrow(/is a file/);
    expect(everything(root).get(join(out, 'notes', 'todo.txt'))).toBe('keep me\n');
    expect([...everything(root).keys()].filter((k) => !before.has(k))).toEqual([join(out, 'plain')]);
  });

  it('replaces a run folder, a sweep folder (summary.json, or only point folders) and an empty folder', async () => {
    const { out } = await sandbox();
    mkdirSync(join(out, 'sweep', 'lr=0.1'), { recursive: true });
    writeFileSync(join(out, 'sweep', 'lr=0.1', 'run.json'), RUN_JSON);
    mkdirSync(join(out, 'empty'));
    for (const rel of ['exp', 'sweep', 'empty', 'new', 'sweep/lr=0.1']) expect(resultsTarget(out, rel)).toBe(join(out, rel));
    await writeAtomicallyAsync(join(out, 'sweep'), files('3'));
    expect(readFileSync(join(out, 'sweep', 'metrics.json'), 'utf8')).toBe('{"final":{"loss":3}}');
  });

  it('never writes through a symbolic link inside --out', async () => {
    const { root, out } = await sandbox();
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(elsewhere, 'victim'), { recursive: true });
    writeFileSync(join(elsewhere, 'victim', 'run.json'), RUN_JSON);
    symlinkSync(elsewhere, join(out, 'link'));
    symlinkSync(join(elsewhere, 'victim'), join(out, 'victim'));
    const before = everything(root);
    expect(() => resultsTarget(out, 'link/victim')).toThrow(/symbolic link/);
    expect(() => resultsTarget(out, 'victim')).toThrow(/symbolic link/);
    await expect(writeAtomicallyAsync(join(out, 'victim'), files('2'))).rejects.toThrow(OutputError);
    expect(everything(root)).toEqual(before);
  });

  it('a symlinked --out itself is used as the user chose it', async () => {
    const { root, out } = await sandbox();
    symlinkSync(out, join(root, 'out-link'));
    expect(resultsTarget(join(root, 'out-link'), 'exp')).toBe(join(out, 'exp'));
  });
});

describe('defect 4: the output location is checked before training', () => {
  it('a name too long for the file system (bytes, with the temporary suffixes) is refused up front', async () => {
    const { out } = await sandbox();
    expect(() => resultsTarget(out, 'a'.repeat(235))).toThrow(/"a{235}" is too long for the file system: 235 bytes, at most 2\d\d/);
    expect(() => resultsTarget(out, `sweep/${'é'.repeat(110)}`)).toThrow(/too long.*220 bytes/);
    expect(resultsTarget(out, 'a'.repeat(200))).toBe(join(out, 'a'.repeat(200)));
    expect(readdirSync(out).sort()).toEqual(['.git', 'exp']);
  });

  it('a path too long in total is refused up front', async () => {
    const { out } = await sandbox();
    const deep = join(out, ...Array.from({ length: 20 }, () => 'd'.repeat(200)));
    expect(() => resultsTarget(deep, 'exp')).toThrow(/results path .* is too long .* at most 4095/);
    expect(existsSync(join(out, 'd'.repeat(200)))).toBe(false);
  });

  it('--out naming a file, or a folder under a file, is refused', async () => {
    const { project } = await sandbox();
    const file = join(project, 'train.yaml');
    expect(() => resultsTarget(file, 'exp')).toThrow(/--out .*train\.yaml is a file, not a folder/);
    expect(() => resultsTarget(join(file, 'sub'), 'exp')).toThrow(/train\.yaml is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('name: x\n');
  });

  it.skipIf(!existsSync('/sys/fs'))('an --out where nothing can be created is refused with the reason (root too: /sys takes no new folders)', () => {
    expect(() => resultsTarget('/sys/fs/trainspec-results', 'exp')).toThrow(/cannot write results under --out \/sys\/fs\/trainspec-results: (operation not permitted|permission denied|read-only)/);
  });
});

/** A disk that fills up (or turns read-only) when a file whose path contains `at` is written. */
const faulty = (at: string, code: string): WriteIo => ({
  writeFile(path, data) {
    if (path.includes(at)) throw Object.assign(new Error(`${code}: fault, write '${path}'`), { code, path });
    realIo.writeFile(path, data);
  },
});

/** The same fault for the run folder's writer, which writes its files concurrently. */
const faultyAsync = (at: string, code: string): AsyncWriteIo => ({
  async writeFile(path, data) {
    if (path.includes(at)) throw Object.assign(new Error(`${code}: fault, write '${path}'`), { code, path });
    await realAsyncIo.writeFile(path, data);
  },
});

describe('defects 4 and 11: a full or read-only disk while writing', () => {
  for (const [code, words] of [['ENOSPC', 'no space left'], ['EROFS', 'read-only file system'], ['EACCES', 'permission denied']] as const) {
    it(`${code} on the last file: an OutputError saying so, earlier results whole, no temporary folder`, async () => {
      const { out } = await sandbox();
      const before = snapshot(join(out, 'exp'));
      await expect(writeAtomicallyAsync(join(out, 'exp'), files('2'), faultyAsync('weights.bin', code))).rejects.toThrow(new RegExp(`cannot write results to .*exp: ${words}.*earlier results are kept`));
      expect(changedFiles(before, snapshot(join(out, 'exp')))).toEqual([]);
      expect(readdirSync(out).sort()).toEqual(['.git', 'exp']);
    });
  }

  it('a sweep summary is one unit: a full disk at summary.svg leaves the old summary.md/json/svg and no temporary file', () => {
    const dir = tempDir('summary');
    const trio = (v: string) => ({ 'summary.md': `md ${v}\n`, 'summary.json': `{"v":"${v}"}\n`, 'summary.svg': `<svg>${v}</svg>\n` });
    writeFilesAtomically(dir, trio('old'));
    const before = snapshot(dir);
    expect(() => writeFilesAtomically(dir, trio('new'), faulty('summary.svg', 'ENOSPC'))).toThrow(/no space left.*the earlier files are kept/);
    expect(changedFiles(before, snapshot(dir))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['summary.json', 'summary.md', 'summary.svg']);
    writeFilesAtomically(dir, trio('new'));
    expect(readFileSync(join(dir, 'summary.svg'), 'utf8')).toBe('<svg>new</svg>\n');
  });

  it('a temporary summary file left by a killed process is removed by the next write', () => {
    const dir = tempDir('summary');
    writeFileSync(join(dir, '.summary.md.tmp-999999999-abcdef012345'), 'half');
    writeFileSync(join(dir, '.notes.md.tmp-999999999-abcdef012345'), 'not a file we are writing');
    writeFilesAtomically(dir, { 'summary.md': 'md\n' });
    expect(readdirSync(dir).sort()).toEqual(['.notes.md.tmp-999999999-abcdef012345', 'summary.md']);
  });
});

describe('defect 11: a write killed between its two renames is recovered', () => {
  /** The state a kill -9 leaves after `rename(exp, .exp.old-TAG)` and before `rename(.exp.tmp-TAG, exp)`. */
  async function killedBetweenRenames() {
    const s = await sandbox();
    const exp = join(s.out, 'exp');
    const before = snapshot(exp);
    renameSync(exp, join(s.out, '.exp.old-999999999-abcdef012345'));
    mkdirSync(join(s.out, '.exp.tmp-999999999-abcdef012345', 'model'), { recursive: true });
    writeFileSync(join(s.out, '.exp.tmp-999999999-abcdef012345', 'metrics.json'), '{"fin');
    return { ...s, exp, before };
  }

  it('recoverLeftovers puts the old folder back and removes the temporary one', async () => {
    const { out, exp, before } = await killedBetweenRenames();
    recoverLeftovers(out, 'exp');
    expect(changedFiles(before, snapshot(exp))).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['.git', 'exp']);
  });

  it('the next write recovers first, then replaces', async () => {
    const { out, exp } = await killedBetweenRenames();
    await writeAtomicallyAsync(exp, files('5'));
    expect(readFileSync(join(exp, 'metrics.json'), 'utf8')).toBe('{"final":{"loss":5}}');
    expect(readdirSync(out).sort()).toEqual(['.git', 'exp']);
  });

  it('a stale .old beside a present folder is removed; leftovers that are not ours are left alone', async () => {
    const { out } = await sandbox();
    mkdirSync(join(out, '.exp.old-999999999-abcdef012345'));
    writeFileSync(join(out, '.exp.old-999999999-abcdef012345', 'run.json'), RUN_JSON);
    mkdirSync(join(out, '.exp.old-1-feed'));
    writeFileSync(join(out, '.exp.old-1-feed', 'diary.txt'), 'not ours\n');
    mkdirSync(join(out, '.exp.old-backup'));
    mkdirSync(join(out, '.other.tmp-1-ab'));
    recoverLeftovers(out, 'exp');
    expect(readdirSync(out).sort()).toEqual(['.exp.old-1-feed', '.exp.old-backup', '.git', '.other.tmp-1-ab', 'exp']);
  });
});
