/**
 * The shipped experiments reach their accuracy through the command a user
 * types: the tutorial's two seed models test_accuracy >= 0.85 (tfjs's own
 * `accuracy` would report about 0.4 for the hinge one), iris >= 0.9, in the
 * summary table and in metrics.json. In this process (cli-in-process.ts): the
 * subject is what the command trains, prints and writes, not the process; that
 * a real process's stderr never shows tfjs's banner is run-reproducible's check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { BANNER, tempDir, type CliResult } from './run-helpers.js';

const TARGETS: Record<string, number> = { 'keras-seed-hinge': 0.85, 'keras-seed-softmax': 0.85, iris: 0.9 };
let out: string;
let run: CliResult;

beforeAll(async () => {
  out = tempDir('shipped');
  run = await cliInProcess(['run', ...Object.keys(TARGETS).map((n) => `experiments/${n}.yaml`), '--out', out, '--backend', 'cpu']);
});

/** The summary table's rows, by experiment, as column → cell. */
function table(stdout: string): Record<string, Record<string, string>> {
  const lines = stdout.split('\n');
  const head = lines.findIndex((l) => l.startsWith('experiment '));
  const cols = lines[head]!.trim().split(/\s+/);
  const rows: Record<string, Record<string, string>> = {};
  for (const line of lines.slice(head + 2)) {
    if (!line.trim() || line.startsWith('results:')) break;
    const cells = line.trim().split(/\s+/);
    rows[cells[0]!] = Object.fromEntries(cols.map((c, i) => [c, cells[i]!]));
  }
  return rows;
}

it('runs the shipped experiments without errors or the tfjs banner', () => {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout + run.stderr).not.toMatch(BANNER);
});

it.each(Object.entries(TARGETS))('%s reaches test_accuracy >= %s in the table and in metrics.json', (name, target) => {
  const row = table(run.stdout)[name];
  expect(row, run.stdout).toBeDefined();
  expect(row!.status).toBe('ok');
  expect(Number(row!.test_accuracy)).toBeGreaterThanOrEqual(target);
  const m = JSON.parse(readFileSync(join(out, name, 'metrics.json'), 'utf8'));
  expect(m.status).toBe('ok');
  expect(m.final.test_accuracy).toBeGreaterThanOrEqual(target);
  expect(String(m.final.test_accuracy)).toBe(row!.test_accuracy);
  expect(m.final.accuracy).toBeGreaterThanOrEqual(target - 0.05);
});
