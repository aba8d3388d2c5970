/**
 * Fuzz: the example experiments, mutated (keys, values, names, YAML
 * structure), through `validate` and then `run` of every file that
 * validates. Whatever the input: exit 0 or 2 (1 only for a reported
 * divergence), never a stack trace or an internal error, and nothing written
 * outside the temporary --out. Deterministic by default (fixed seed);
 * FUZZ_SEED and FUZZ_RUNS explore further.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, snapshot, tempDir, type CliResult } from './run-helpers.js';
import { mutate, mutationArb } from './fuzz-mutations.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 160);
const SOURCES = readdirSync(join(ROOT, 'experiments')).filter((f) => f.endsWith('.yaml')).sort();

/** A crash looks like this, whatever the exit code. */
const crashed = (r: CliResult) => /internal error|\n\s+at .+:\d+:\d+\)?\n|RangeError|TypeError|ENAMETOOLONG|Maximum call stack/.test(r.stderr + r.stdout);
const describeRun = (what: string, r: CliResult) => `${what}: exit ${r.code} signal ${r.signal}\n--- stderr ---\n${r.stderr.slice(0, 3000)}\n--- stdout ---\n${r.stdout.slice(0, 1000)}`;

interface Case {
  file: string;
  text: string;
}

/** The cases: each a source experiment with its own name, then one to three mutations. */
function makeCases(): Case[] {
  const arb = fc.record({ source: fc.nat({ max: SOURCES.length - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) });
  return fc.sample(arb, { seed: SEED, numRuns: RUNS }).map((c, i) => {
    const name = `case-${String(i).padStart(3, '0')}`;
    const original = readFileSync(join(ROOT, 'experiments', SOURCES[c.source]!), 'utf8')
      .replace(/^name: .*$/m, `name: ${name}`)
      .replace(/^extends: (.*)$/m, 'extends: ../lib/$1');
    return { file: `${name}.yaml`, text: c.mutations.reduce(mutate, original) };
  });
}

/** A sandbox: lib/ holds the originals (bases for extends), exps/ the cases with experiments' data/ beside them. */
function sandbox(cases: Case[]): { root: string; exps: string; out: string } {
  const root = tempDir('fuzz');
  const exps = join(root, 'exps');
  cpSync(join(ROOT, 'experiments'), join(root, 'lib'), { recursive: true });
  cpSync(join(ROOT, 'experiments/data'), join(exps, 'data'), { recursive: true });
  for (const c of cases) writeFileSync(join(exps, c.file), c.text);
  writeFileSync(join(root, 'secret.env'), 'API_KEY=do-not-print-me\n');
  return { root, exps, out: join(root, 'out') };
}

/** The file whose validation crashes, found one by one (only when the batch crashed). */
async function culprit(exps: string, cases: Case[]): Promise<string> {
  for (const c of cases) {
    const r = await cli(['validate', join(exps, c.file)]);
    if (crashed(r) || (r.code !== 0 && r.code !== 2)) return `${c.file}:\n${c.text}\n${describeRun('validate', r)}`;
  }
  return 'no single file reproduces it';
}

describe('fuzz: mutated example experiments', () => {
  it(`validate and run: exit 0/2, no stack trace, nothing outside --out (seed ${SEED}, ${RUNS} cases)`, async () => {
    const cases = makeCases();
    const { root, exps, out } = sandbox(cases);
    const before = snapshot(root);

    const v = await cli(['validate', '--json', exps]);
    if (crashed(v) || (v.code !== 0 && v.code !== 2)) expect.fail(`validate crashed on ${await culprit(exps, cases)}`);
    expect(v.stdout + v.stderr).not.toContain('do-not-print-me');
    const report = JSON.parse(v.stdout) as { files: { file: string; valid: boolean }[] };
    const valid = report.files.filter((f) => f.valid).map((f) => f.file.split('/').pop()!);
    // The mutations must leave some files valid, or the run half tests nothing.
    expect(valid.length).toBeGreaterThanOrEqual(Math.max(5, RUNS / 20));

    const okDir = join(root, 'ok');
    mkdirSync(okDir);
    cpSync(join(exps, 'data'), join(okDir, 'data'), { recursive: true });
    for (const f of valid) cpSync(join(exps, f), join(okDir, f));
    const beforeRun = snapshot(root);
    const r = await cli(['run', '--quiet', '--workers', '1', '--out', out, '--set', 'fit.epochs=1', okDir]);
    const diverged = r.code === 1 && /diverged/.test(r.stderr);
    if (crashed(r) || !(r.code === 0 || r.code === 2 || diverged)) expect.fail(describeRun('run', r));
    expect(r.stdout + r.stderr).not.toContain('do-not-print-me');

    // Nothing outside --out changed: neither by validate nor by run.
    const outside = (snap: Map<string, Buffer>) => new Map([...snap].filter(([k]) => !k.startsWith('out/')));
    expect([...outside(snapshot(root)).keys()]).toEqual([...beforeRun.keys()]);
    for (const [k, bytes] of before) expect(snapshot(root).get(k)?.equals(bytes), k).toBe(true);
    // Everything in --out is a results folder of trainspec's own making.
    const written = existsSync(out) ? readdirSync(out, { withFileTypes: true }).filter((d) => !d.name.startsWith('.')) : [];
    for (const d of written) {
      const dir = join(out, d.name);
      expect(d.isDirectory() && (existsSync(join(dir, 'run.json')) || existsSync(join(dir, 'summary.json'))), d.name).toBe(true);
    }
  }, 300_000);
});
