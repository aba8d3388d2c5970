/** Sweeps through the CLI, as a user runs them: expansion, errors, seeds, skipping, resuming, workers, shards. */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { tempDir } from './run-helpers.js';

const BASE = `
seed: 3
data: {generator: uniform_sum, samples: 80}
test: {samples: 40}
model:
  - {type: dense, units: 6, activation: tanh}
  - {type: dense, name: out, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 4, batch_size: 16, validation_split: 0.25}
`;
const SWEEP = `${BASE}
sweep:
  variants:
    - {name: hinge, compile.loss: hinge}
    - {name: bce, compile.loss: binary_crossentropy, data.labels: binary, model.out.activation: sigmoid}
  grid:
    compile.optimizer: [adam, sgd]
`;

let dir: string;
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const files = (root: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(root.length)] = readFileSync(p, 'latin1');
    }
  };
  walk(root);
  return out;
};

beforeAll(() => {
  dir = tempDir('sweep');
  write('s.yaml', SWEEP);
});

describe('trainspec run on a sweep', () => {
  it('lists variants × grid with --dry-run and trains nothing', async () => {
    const r = await cliInProcess(['run', 's.yaml', '--dry-run', '--out', 'dry'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('s: 4 points');
    for (const slug of ['hinge,optimizer=adam', 'hinge,optimizer=sgd', 'bce,optimizer=adam', 'bce,optimizer=sgd']) expect(r.stdout).toContain(slug);
    expect(readdirSync(dir)).not.toContain('dry');
  });

  it('rejects the whole sweep when one point is invalid, pointing at the sweep entry', async () => {
    write('bad.yaml', `${BASE}\nsweep:\n  grid:\n    compile.loss: [hinge, categorical_crossentropy]\n`);
    const r = await cliInProcess(['run', 'bad.yaml', '--out', 'bad-out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error: sweep point 2 \(loss=categorical_crossentropy\)/);
    expect(readdirSync(dir)).not.toContain('bad-out');
  });

  it('reports a wrong -m path with a did-you-mean', async () => {
    const r = await cliInProcess(['run', 's.yaml', '-m', 'compile.optimiser=adam,sgd', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "optimizer"?');
  });

  it('gives identical files for 1 and 2 workers, then skips what is up to date', async () => {
    const one = await cliInProcess(['run', 's.yaml', '--out', 'w1', '--workers', '1', '--backend', 'cpu'], { cwd: dir });
    expect(one.code).toBe(0);
    const two = await cliInProcess(['run', 's.yaml', '--out', 'w2', '--workers', '2', '--backend', 'cpu'], { cwd: dir });
    expect(two.code).toBe(0);
    const a = files(join(dir, 'w1'));
    const b = files(join(dir, 'w2'));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(a)) expect(b[k], k).toBe(a[k]);
    expect(Object.keys(a)).toContain('/s/summary.md');
    expect(a['/s/summary.md']).toMatch(/\| rank \| point \|/);
    // The variants train with different losses: the overlay compares accuracy, never the losses.
    expect(a['/s/summary.svg']).toContain('>val_accuracy (the points use different losses)</text>');
    const again = await cliInProcess(['run', 's.yaml', '--out', 'w1', '--workers', '1'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^s\/.+: up to date$/gm)).toHaveLength(4);
    expect(again.stdout).not.toMatch(/up_to_date|\| rank \|/);
  });

  it('resumes an interrupted sweep: only missing points train', async () => {
    cpSync(join(dir, 'w1'), join(dir, 'resume'), { recursive: true });
    rmSync(join(dir, 'resume/s/bce,optimizer=sgd'), { recursive: true });
    const r = await cliInProcess(['run', 's.yaml', '--out', 'resume', '--workers', '1', '--json'], { cwd: dir });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; name: string });
    expect(lines.filter((l) => l.status === 'ok').map((l) => l.name)).toEqual(['s/bce,optimizer=sgd']);
    expect(lines.filter((l) => l.status === 'up_to_date')).toHaveLength(3);
    expect(readFileSync(join(dir, 'resume/s/bce,optimizer=sgd/metrics.json'), 'utf8')).toBe(readFileSync(join(dir, 'w1/s/bce,optimizer=sgd/metrics.json'), 'utf8'));
  });

  it('runs shards that together cover every point once, and summarize merges them', async () => {
    const outs = [] as string[];
    for (const i of [1, 2, 3]) {
      const r = await cliInProcess(['run', 's.yaml', '--out', 'sh', '--shard', `${i}/3`, '--workers', '1', '--json'], { cwd: dir });
      expect(r.code).toBe(0);
      outs.push(...r.stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { name: string }).name));
    }
    expect(outs.sort()).toEqual(['s/bce,optimizer=adam', 's/bce,optimizer=sgd', 's/hinge,optimizer=adam', 's/hinge,optimizer=sgd']);
    const sum = await cliInProcess(['summarize', 'sh/s'], { cwd: dir });
    expect(sum.code).toBe(0);
    expect(readFileSync(join(dir, 'sh/s/summary.md'), 'utf8')).toBe(readFileSync(join(dir, 'w1/s/summary.md'), 'utf8'));
  });

  it('repeats points per seed and reports mean ± std', async () => {
    write('seeds.yaml', `${BASE}\nsweep:\n  grid:\n    compile.optimizer: [adam, sgd]\n  seeds: [0, 1]\n`);
    mkdirSync(join(dir, 'seeds-out'), { recursive: true });
    const r = await cliInProcess(['run', 'seeds.yaml', '--out', 'seeds-out', '--workers', '1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'seeds-out/seeds')).filter((n) => n.includes('seed=')).sort()).toEqual([
      'optimizer=adam,seed=0', 'optimizer=adam,seed=1', 'optimizer=sgd,seed=0', 'optimizer=sgd,seed=1',
    ]);
    const summary = JSON.parse(readFileSync(join(dir, 'seeds-out/seeds/summary.json'), 'utf8')) as { points: { group: string; seeds: number[]; std: Record<string, number> | null }[] };
    expect(summary.points.map((p) => p.group).sort()).toEqual(['optimizer=adam', 'optimizer=sgd']);
    expect(summary.points[0]!.seeds).toEqual([0, 1]);
    expect(summary.points[0]!.std?.test_loss).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'seeds-out/seeds/summary.md'), 'utf8')).toContain(' ± ');
    // summary.svg shows the same mean ± std (error bars), and each point's chart names the point.
    const svg = readFileSync(join(dir, 'seeds-out/seeds/summary.svg'), 'utf8');
    expect(svg).toContain('mean ± std');
    expect(svg).toMatch(/>[\d.e-]+ ± [\d.e-]+</);
    expect(readFileSync(join(dir, 'seeds-out/seeds/optimizer=sgd,seed=1/curves.svg'), 'utf8')).toContain('>seeds / optimizer=sgd,seed=1</text>');
  });
});
