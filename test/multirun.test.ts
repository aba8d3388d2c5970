/**
 * Command-line sweeps and sweep folders (issue 9, defects 4, 6 and 13):
 * -m points land in NAME.multirun/, never inside the run's own folder; -m
 * errors point at the argument; point folders stay one safe segment; swept
 * strings cannot break or inject into summary.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownText } from '../src/results/table.js';
import { expandSweep, safeSegment, slugOf } from '../src/sweep/expand.js';
import { summaryMarkdown } from '../src/sweep/summary.js';
import { cliInProcess } from './cli-in-process.js';
import { changedFiles, snapshot, tempDir } from './run-helpers.js';

const BASE = `name: base
seed: 3
data: {generator: uniform_sum, samples: 40}
model:
  - {type: dense, units: 4, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 2, batch_size: 16, validation_split: 0.25}
`;

function project(): string {
  const dir = tempDir('multirun');
  writeFileSync(join(dir, 'base.yaml'), BASE);
  return dir;
}

describe('-m points', () => {
  it('land in results/NAME.multirun/, beside the single run, which stays as it was', async () => {
    const dir = project();
    expect((await cliInProcess(['run', 'base.yaml', '--backend', 'cpu'], { cwd: dir })).code).toBe(0);
    const single = snapshot(join(dir, 'results', 'base'));
    const r = await cliInProcess(['run', 'base.yaml', '-m', 'compile.optimizer=adam,sgd', '--backend', 'cpu', '--workers', '1'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'results')).sort()).toEqual(['base', 'base.multirun']);
    expect(changedFiles(single, snapshot(join(dir, 'results', 'base')))).toEqual([]);
    expect(readdirSync(join(dir, 'results', 'base.multirun')).sort()).toEqual(['optimizer=adam', 'optimizer=sgd', 'summary.json', 'summary.md', 'summary.svg']);
    expect(r.stdout).toContain('base.multirun/optimizer=sgd');
    const summary = readFileSync(join(dir, 'results', 'base.multirun', 'summary.md'), 'utf8');
    expect(summary.startsWith('# base.multirun\n')).toBe(true);

    // compare labels each point by its folder; summarize rebuilds the same summary
    const cmp = await cliInProcess(['compare', '--all', '--json', 'results', 'results'], { cwd: dir });
    const labels = new Set((JSON.parse(cmp.stdout) as { experiment: string }[]).map((x) => x.experiment));
    expect([...labels].sort()).toEqual(['base', 'base.multirun/optimizer=adam', 'base.multirun/optimizer=sgd']);
    const sum = await cliInProcess(['summarize', 'results/base.multirun'], { cwd: dir });
    expect(sum.code).toBe(0);
    expect(readFileSync(join(dir, 'results', 'base.multirun', 'summary.md'), 'utf8')).toBe(summary);
  });

  const BAD: [string, RegExp][] = [
    ['fit.epochs=[1,2', /<-m>:1:2: error: -m fit\.epochs: cannot read the value "\[1,2": Flow sequence must end with a \] \[set-syntax\]\n {2}-m fit\.epochs=\[1,2/],
    ['fit.epochs=*a', /<-m>:1:2: error: -m fit\.epochs: cannot read the value "\*a": YAML aliases/],
    ['fit.epochs=&r [*r]', /<-m>:1:2: error: -m fit\.epochs: cannot read the value/],
    ['fit.epochs=0,1', /<-m>:1:2: error: sweep point 1 \(epochs=0,optimizer=adam\): fit\.epochs must be >= 1 \[out-of-range\]\n {2}-m fit\.epochs=0,1/],
    ['fit.epoch=1,2', /<-m>:1:2: error: -m "fit\.epoch" does not exist: no "epoch" in fit \(did you mean "epochs"\?\) \[sweep-path\]/],
    ['fit epochs=1,2', /<-m>:1:2: error: -m: "fit epochs" is not a dotted path \[set-syntax\]/],
    ['=1,2', /<-m>:1:2: error: -m expects path=v1,v2,\.\.\., got "=1,2" \[set-syntax\]/],
  ];
  for (const [arg, expected] of BAD) {
    it(`reports -m ${arg} at the argument: exit 2, no stack trace, nothing written`, async () => {
      const dir = project();
      const before = snapshot(dir);
      const r = await cliInProcess(['run', 'base.yaml', '-m', 'compile.optimizer=adam,sgd', '-m', arg], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain('base.yaml:1:1');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
    });
  }
});

describe('sweep point folders', () => {
  it('are one safe segment, whatever the swept value', () => {
    const values = ['../x', '..', '.', '.hidden', 'a/b\\c', 'x'.repeat(500), 'new\nline', 'café', 'trailing.', 'C:\\x', '<b>', ''];
    const points = expandSweep({ grid: { 'data.path': values }, seeds: [123456789] });
    for (const p of points) {
      for (const s of [p.slug, p.group]) {
        expect(s.length, s).toBeLessThanOrEqual(100);
        expect(s, s).toMatch(/^[A-Za-z0-9_=+,-][A-Za-z0-9._=+,~-]*$/);
        expect(s.endsWith('.')).toBe(false);
      }
    }
    expect(new Set(points.map((p) => p.slug)).size).toBe(values.length);
  });

  it('keep the seed within 100 characters, and long values apart by a hash', () => {
    const a = slugOf([{ path: 'x', value: `${'v'.repeat(200)}a`, from: [] }], null, new Map(), 7);
    const b = slugOf([{ path: 'x', value: `${'v'.repeat(200)}b`, from: [] }], null, new Map(), 7);
    expect(a.length).toBe(100);
    expect(a).not.toBe(b);
    expect(a).toMatch(/~[0-9a-f]{12}$/);
  });

  it('turn a leading or trailing dot into _', () => {
    expect(safeSegment('..')).toBe('__');
    expect(safeSegment('.')).toBe('_');
    expect(safeSegment('x=.')).toBe('x=_');
    expect(safeSegment('x=..')).toBe('x=._');
  });

  it('that collide once made safe (a/b and a_b) are an error with a position, not one folder', async () => {
    const dir = tempDir('slug');
    writeFileSync(join(dir, 's.yaml'), `${BASE}sweep:\n  grid:\n    description: [a/b, a_b]\n`);
    const r = await cliInProcess(['run', 's.yaml', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:11:24: error: sweep point 2 \(description=a_b\) has the same folder name as point 1/);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });
});

describe('summary.md escapes what the user swept', () => {
  it('keeps a newline, a pipe, HTML, links and code inert in one table row', () => {
    const nasty = 'x\n| injected | row |\n<script>alert(1)</script> ![i](http://t/p.png) [l](javascript:x) `c` a\\|b';
    const md = summaryMarkdown('s', [{ group: 'g', changes: { description: nasty }, seeds: [], status: 'ok', mean: { loss: 1 }, std: null }], 'loss');
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(3);
    // every row has the header's number of cells (unescaped pipes only)
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    expect(cells(rows[2]!)).toBe(cells(rows[0]!));
    expect(md).not.toContain('<script>');
    expect(rows[2]).not.toMatch(/(?<!\\)!\[|(?<!\\)\[l\]|(?<!\\)`c/);
    expect(md).toContain('x\\n\\| injected \\| row \\|\\n&lt;script&gt;');
  });

  it('changes nothing in ordinary names', () => {
    for (const s of ['hard_sigmoid', 'optimizer=adam+learning_rate=0.01', '-0.916252', '0.95 ± 0.01', 'base.multirun']) expect(markdownText(s)).toBe(s);
  });

  it('escapes a swept string in the summary a real sweep writes', async () => {
    const dir = tempDir('escape');
    writeFileSync(join(dir, 's.yaml'), `${BASE}sweep:\n  grid:\n    description: ["a|b", "<i>x</i>"]\n`);
    const r = await cliInProcess(['run', 's.yaml', '--backend', 'cpu', '--workers', '1', '-q'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'results', 'base', 'summary.md'), 'utf8');
    expect(md).toContain('| a\\|b |');
    expect(md).toContain('&lt;i&gt;x&lt;/i&gt;');
  });
});
