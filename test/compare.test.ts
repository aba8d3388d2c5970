/** `trainspec compare` against a commit in a temporary git repository, and between two folders. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffMetrics } from '../src/compare/diff.js';
import { cliInProcess } from './cli-in-process.js';
import { tempDir } from './temp-dirs.js';

let repo: string;
const metrics = (final: Record<string, number>, status = 'ok') => `${JSON.stringify({ epochs_run: 10, final, status }, null, 2)}\n`;
const put = (rel: string, text: string) => {
  mkdirSync(join(repo, rel, '..'), { recursive: true });
  writeFileSync(join(repo, rel), text);
};
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'pipe' });

beforeAll(() => {
  repo = tempDir('compare');
  git('init', '-q');
  put('results/a/metrics.json', metrics({ loss: 0.5, accuracy: 0.8 }));
  put('results/sweep/p1/metrics.json', metrics({ loss: 0.4 }));
  git('add', '-A');
  git('commit', '-qm', 'first');
  put('results/a/metrics.json', metrics({ loss: 0.25, accuracy: 0.8 }));
  put('results/b/metrics.json', metrics({ loss: 1 }));
});

describe('trainspec compare', () => {
  it('shows only changed metrics against HEAD, read from git objects', async () => {
    const r = await cliInProcess(['compare', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { experiment: string; metric: string; old: unknown; new: unknown; change: number | null }[];
    expect(rows).toContainEqual(expect.objectContaining({ experiment: 'a', metric: 'loss', old: 0.5, new: 0.25, change: -0.25 }));
    expect(rows).toContainEqual(expect.objectContaining({ experiment: 'b', metric: 'loss', old: null, new: 1 }));
    expect(rows.find((x) => x.metric === 'accuracy')).toBeUndefined();
    expect(rows.find((x) => x.experiment === 'sweep/p1')).toBeUndefined();
  });

  it('shows every metric with --all, as Markdown with --md', async () => {
    const r = await cliInProcess(['compare', 'HEAD', '--all', '--md'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| experiment \| metric \| old \| new \| change \|/);
    expect(r.stdout).toContain('| a | accuracy | 0.8 | 0.8 | 0 |');
    expect(r.stdout).toContain('| sweep/p1 | loss | 0.4 | 0.4 | 0 |');
  });

  it('works from a subfolder and against an older revision', async () => {
    mkdirSync(join(repo, 'sub'), { recursive: true });
    const r = await cliInProcess(['compare', 'HEAD', '--results', '../results', '--json'], { cwd: join(repo, 'sub') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual(expect.objectContaining({ experiment: 'a', metric: 'loss', old: 0.5 }));
  });

  it('compares two folders', async () => {
    const r = await cliInProcess(['compare', 'results/a', 'results/sweep/p1', '--json'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual(expect.objectContaining({ experiment: '.', metric: 'loss', old: 0.25, new: 0.4 }));
  });

  it('rejects an unknown revision with exit 2 and no stack trace', async () => {
    const r = await cliInProcess(['compare', 'no-such-rev'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown git revision "no-such-rev"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('diffMetrics', () => {
  it('marks added, removed and changed rows', () => {
    const rows = diffMetrics(new Map([['x', { final: { loss: 1, mse: 2 } }]]), new Map([['x', { final: { loss: 1, mae: 3 } }]]));
    expect(rows.map((r) => [r.metric, r.changed])).toEqual([['loss', false], ['mae', true], ['mse', true]]);
  });
});
