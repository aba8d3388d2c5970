/**
 * One broken file per issue code (test/fixtures/invalid/), each asserting the
 * code, severity and line:column (never the wording), and the valid fixtures.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPaths } from '../src/cli/files.js';
import { fsHost } from '../src/load/fs-host.js';
import { loadAll } from '../src/cli/validate.js';
import { ISSUE_CODES, type IssueCode, type Severity } from '../src/load/issues.js';
import { loadExperiment } from '../src/load/load.js';
import { MAX_FILE_BYTES } from '../src/load/source.js';
import { FIXTURES, codes, loadFixture } from './load-helpers.js';

type Row = [file: string, code: IssueCode, line: number, column: number, severity: Severity, reportedIn?: string];

/** file → the one issue it must produce. `reportedIn` when the problem sits in another file. */
const TABLE: Row[] = [
  ['yaml-syntax.yaml', 'yaml-syntax', 6, 1, 'error'],
  ['yaml-duplicate-key.yaml', 'yaml-duplicate-key', 7, 5, 'error'],
  ['yaml-tab.yaml', 'yaml-tab', 6, 3, 'error'],
  ['yaml-alias-limit.yaml', 'yaml-alias-limit', 3, 8, 'error'],
  ['yaml-complex-key.yaml', 'yaml-complex-key', 4, 3, 'error'],
  ['yaml-alias-cycle.yaml', 'yaml-alias-cycle', 4, 17, 'error'],
  ['file-empty.yaml', 'file-empty', 1, 1, 'error'],
  ['not-a-map.yaml', 'not-a-map', 2, 1, 'error'],
  ['extends-missing.yaml', 'extends-missing', 2, 10, 'error'],
  ['extends-cycle-a.yaml', 'extends-cycle', 2, 10, 'error', 'extends-cycle-b.yaml'],
  ['extends-cycle-b.yaml', 'extends-cycle', 2, 10, 'error', 'extends-cycle-a.yaml'],
  ['unknown-key.yaml', 'unknown-key', 2, 1, 'error'],
  ['unknown-key-fit-epoch.yaml', 'unknown-key', 9, 3, 'error'],
  ['unknown-key-in-base.yaml', 'unknown-key', 6, 3, 'error', '_base-with-unknown-key.yaml'],
  ['unknown-name-optimizer.yaml', 'unknown-name', 7, 14, 'error'],
  ['unknown-name-activation.yaml', 'unknown-name', 7, 17, 'error'],
  ['unknown-name-layer.yaml', 'unknown-name', 5, 11, 'error'],
  ['missing-key.yaml', 'missing-key', 6, 1, 'error'],
  ['wrong-type.yaml', 'wrong-type', 9, 11, 'error'],
  ['out-of-range.yaml', 'out-of-range', 6, 12, 'error'],
  ['bad-format.yaml', 'bad-format', 6, 11, 'error'],
  ['name-invalid.yaml', 'name-invalid', 2, 7, 'error'],
  ['invalid-value.yaml', 'invalid-value', 8, 12, 'error'],
  ['input-dim-mismatch.yaml', 'input-dim-mismatch', 8, 16, 'error'],
  ['input-not-first.yaml', 'input-not-first', 9, 5, 'warning'],
  ['output-units-mismatch.yaml', 'output-units-mismatch', 8, 12, 'error'],
  ['loss-labels.yaml', 'loss-labels', 8, 9, 'error'],
  ['loss-activation.yaml', 'loss-activation', 7, 41, 'error'],
  ['loss-activation-no-softmax.yaml', 'loss-activation', 7, 5, 'error'],
  ['loss-activation-doubtful.yaml', 'loss-activation-doubtful', 6, 41, 'warning'],
  ['metric-labels.yaml', 'metric-labels', 8, 18, 'error'],
  ['labels-classes.yaml', 'labels-classes', 4, 11, 'error'],
  ['validation-split-range.yaml', 'validation-split-range', 9, 21, 'error'],
  ['batch-size-large.yaml', 'batch-size-large', 10, 15, 'warning'],
  ['early-stopping-monitor.yaml', 'early-stopping-monitor', 11, 14, 'error'],
  ['data-missing.yaml', 'data-missing', 3, 9, 'error'],
  ['data-invalid.yaml', 'data-invalid', 3, 9, 'error'],
  ['data-column.yaml', 'data-column', 4, 11, 'error'],
  ['sweep-path.yaml', 'sweep-path', 10, 5, 'error'],
  ['sweep-empty.yaml', 'sweep-empty', 9, 3, 'error'],
  ['sweep-duplicate-name.yaml', 'sweep-duplicate-name', 11, 14, 'error'],
  ['size-limit.yaml', 'size-limit', 4, 13, 'error'],
  ['memory-limit.yaml', 'memory-limit', 4, 12, 'error'],
  ['shape-mismatch.yaml', 'shape-mismatch', 6, 35, 'error'],
  ['data-outside.yaml', 'data-outside', 3, 9, 'error'],
  ['data-not-a-file.yaml', 'data-not-a-file', 3, 9, 'error'],
];

/** Codes with no committed file: generated below, or from --set (column = the argument's index). */
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-fixtures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const GENERATED: { code: IssueCode; line: number; column: number; load: () => ReturnType<typeof loadExperiment> }[] = [
  {
    code: 'file-too-large', line: 1, column: 1,
    load: () => {
      writeFileSync(join(tmp, 'file-too-large.yaml'), `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
      return loadExperiment('file-too-large.yaml', { host: fsHost, cwd: tmp });
    },
  },
  {
    code: 'file-binary', line: 1, column: 1,
    load: () => {
      writeFileSync(join(tmp, 'file-binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
      return loadExperiment('file-binary.yaml', { host: fsHost, cwd: tmp });
    },
  },
  { code: 'set-syntax', line: 1, column: 2, load: () => loadFixture('valid', 'generator-hinge.yaml', ['fit.epochs=3', 'fit.epochs']) },
  { code: 'set-path', line: 1, column: 1, load: () => loadFixture('valid', 'generator-hinge.yaml', ['fit.epoch=3']) },
  {
    // two files of one command with one name: reported on the second, at its name: key
    code: 'name-duplicate', line: 2, column: 7,
    load: () => {
      const text = readFileSync(join(FIXTURES, 'valid', 'generator-hinge.yaml'), 'utf8').replace(/^name: .*\n/m, '');
      for (const team of ['team1', 'team2']) mkdirSync(join(tmp, team), { recursive: true });
      writeFileSync(join(tmp, 'team1', 'baseline.yaml'), `name: baseline\n${text}`);
      writeFileSync(join(tmp, 'team2', 'baseline.yaml'), `# team 2\nname: baseline\n${text}`);
      return loadAll([join(tmp, 'team1'), join(tmp, 'team2')]).results[1]!;
    },
  },
];

describe('invalid fixtures: one problem each, with its code and position', () => {
  it.each(TABLE)('%s → %s at %i:%i (%s)', (file, code, line, column, severity, reportedIn) => {
    const r = loadFixture('invalid', file);
    expect(r.issues.map((i) => ({ code: i.code, file: i.file, line: i.line, column: i.column, severity: i.severity }))).toEqual([
      { code, file: reportedIn ?? file, line, column, severity },
    ]);
    expect(r.experiment === null).toBe(severity === 'error');
  });

  it.each(GENERATED)('$code (generated) at $line:$column', ({ code, line, column, load }) => {
    const r = load();
    expect(r.issues.map((i) => [i.code, i.line, i.column, i.severity])).toEqual([[code, line, column, 'error']]);
    expect(r.experiment).toBeNull();
  });

  it('file-missing: the file itself has no position', () => {
    const r = loadFixture('invalid', 'no-such-file.yaml');
    expect(r.issues.map((i) => [i.code, i.file, i.line, i.column])).toEqual([['file-missing', 'no-such-file.yaml', 0, 0]]);
  });

  it('covers every issue code', () => {
    const covered = new Set<string>([...TABLE.map((r) => r[1]), ...GENERATED.map((g) => g.code), 'file-missing']);
    expect(Object.keys(ISSUE_CODES).filter((c) => !covered.has(c))).toEqual([]);
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  it('every file in invalid/ is in the table (or is several-errors.yaml, or a _base)', () => {
    const listed = new Set(TABLE.map((r) => r[0]));
    const files = readdirSync(join(FIXTURES, 'invalid')).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'));
    expect(files.filter((f) => !listed.has(f) && f !== 'several-errors.yaml')).toEqual([]);
  });

  it('severities come from ISSUE_CODES', () => {
    for (const [, code, , , severity] of TABLE) expect(ISSUE_CODES[code]).toBe(severity);
  });
});

describe('a file with several problems', () => {
  it('reports all schema errors at once, each at its own line:column', () => {
    const r = loadFixture('invalid', 'several-errors.yaml');
    expect(r.issues.map((i) => [i.code, i.path, i.line, i.column])).toEqual([
      ['unknown-key', 'data.sample', 4, 3],
      ['out-of-range', 'model.0.units', 7, 12],
      ['unknown-name', 'model.0.activation', 8, 17],
      ['unknown-name', 'compile.optimizer', 10, 14],
      ['wrong-type', 'fit.epochs', 13, 11],
    ]);
  });

  it('every issue of every invalid file has line >= 1 and column >= 1', () => {
    const files = readdirSync(join(FIXTURES, 'invalid')).filter((f) => f.endsWith('.yaml'));
    for (const f of files) {
      const r = loadFixture('invalid', f);
      expect(r.issues.length, f).toBeGreaterThan(0);
      for (const i of r.issues) {
        expect(i.line, `${f} ${i.code}`).toBeGreaterThanOrEqual(1);
        expect(i.column, `${f} ${i.code}`).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('valid fixtures', () => {
  const dir = join(FIXTURES, 'valid');
  const files = expandPaths([dir]).files.map((f) => f.slice(dir.length + 1));

  it('the folder expands to the experiments, skipping _*.yaml and data/', () => {
    expect(files).toEqual([
      'conv-layers.yaml', 'extends-child.yaml', 'file-flowers.yaml', 'generator-hinge.yaml',
      'recurrent-layers.yaml', 'regression-huber.yaml', 'sweep.yaml',
    ]);
  });

  it.each(files)('%s loads with no issues', (file) => {
    const r = loadFixture('valid', file);
    expect(codes(r.issues)).toEqual([]);
    expect(r.experiment).not.toBeNull();
  });

  it('use every layer type between them', async () => {
    const { layers } = await import('../src/registry/layers/index.js');
    const used = new Set(files.flatMap((f) => loadFixture('valid', f).experiment!.model.map((l) => l.type)));
    expect(layers.names.filter((n) => !used.has(n))).toEqual([]);
  });

  it('a file-data experiment reads its CSV (and records it for watch and hashing)', () => {
    const r = loadFixture('valid', 'file-flowers.yaml');
    expect(r.dataFiles.map((d) => d.path)).toEqual(['data/flowers.csv']);
    expect(r.reads.some((p) => p.endsWith(join('valid', 'data', 'flowers.csv')))).toBe(true);
    expect(r.experiment!.data).toMatchObject({ labels: 'onehot', normalize: 'standard', target: 'species' });
  });
});
