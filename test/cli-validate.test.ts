/**
 * `trainspec validate` through main() (test/cli-in-process.ts): exit codes, the `FILE:LINE:COL: error: MESSAGE (hint)` lines with a
 * code frame, --json, and no stack trace on any bad input.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, type ExpectStatic } from 'vitest';
import { ROOT } from './load-helpers.js';
import { cliInProcess } from './cli-in-process.js';
import { cli as spawnCli } from './run-helpers.js';

const INVALID = 'test/fixtures/invalid';
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run { code: number; stdout: string; stderr: string }

/**
 * Runs `trainspec ARGS` (in this process, or `spawned` as the bin), and checks what must hold for every run: no stack
 * trace, a known exit code.
 */
async function cli(expect: ExpectStatic, args: string[], cwd = ROOT, spawned = false): Promise<Run> {
  const { code, stdout, stderr } = await (spawned ? spawnCli : cliInProcess)(args, { cwd });
  expect(stderr).not.toContain('    at ');
  expect(stderr).not.toContain('internal error');
  expect([0, 2]).toContain(code);
  return { code: code!, stdout, stderr };
}

/** `FILE:LINE:COL: SEVERITY: MESSAGE [code]`, the hint in parentheses before the code. */
const ISSUE_LINE = /^(.+?):(\d+):(\d+): (error|warning): (.*) \[([a-z-]+)\]$/;

describe.concurrent('trainspec validate', () => {
  it('exits 0 on valid files and folders, and on experiments/ by default', async ({ expect }) => {
    const files = await cli(expect, ['validate', 'test/fixtures/valid/generator-hinge.yaml', 'test/fixtures/valid/file-flowers.yaml']);
    expect(files.code).toBe(0);
    expect(files.stdout).toContain('test/fixtures/valid/file-flowers.yaml: ok');
    const folder = await cli(expect, ['validate', 'test/fixtures/valid']);
    expect(folder.code).toBe(0);
    expect(folder.stdout).not.toContain('_base.yaml');
    const byDefault = await cli(expect, ['validate']);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toMatch(/experiments\/keras-seed-hinge\.yaml: ok/);
    expect(byDefault.stdout).toMatch(/experiments\/keras-seed-softmax\.yaml: ok/);
  });

  it('exits 2 on an invalid file, printing FILE:LINE:COL: error: MESSAGE (did you mean ...) and a code frame', async ({ expect }) => {
    const r = await cli(expect, ['validate', `${INVALID}/unknown-name-optimizer.yaml`]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    const head = lines.findIndex((l) => ISSUE_LINE.test(l));
    const m = ISSUE_LINE.exec(lines[head]!)!;
    expect(m.slice(1, 5)).toEqual([`${INVALID}/unknown-name-optimizer.yaml`, '7', '14', 'error']);
    expect(m[5]).toMatch(/ \(did you mean "rmsprop"\?\)$/);
    expect(m[6]).toBe('unknown-name');
    // the frame: the line before, the line itself marked with >, a caret under column 14, the line after
    const text = readFileSync(join(ROOT, INVALID, 'unknown-name-optimizer.yaml'), 'utf8').split('\n');
    expect(lines[head + 1]).toMatch(new RegExp(`^ +6 \\| ${text[5]}$`));
    expect(lines[head + 2]).toMatch(new RegExp(`^> +7 \\| ${text[6]}$`));
    const caret = lines[head + 3]!;
    expect(caret.indexOf('^') - caret.indexOf('| ') - 2).toBe(14 - 1);
    expect(lines[head + 4]).toMatch(new RegExp(`^ +8 \\| ${text[7]}$`));
  });

  it('prints every error of a file, each with its own position', async ({ expect }) => {
    const r = await cli(expect, ['validate', `${INVALID}/several-errors.yaml`, `${INVALID}/unknown-key-fit-epoch.yaml`]);
    expect(r.code).toBe(2);
    const heads = r.stderr.split('\n').flatMap((l) => (ISSUE_LINE.test(l) ? [ISSUE_LINE.exec(l)!] : []));
    expect(heads.map((m) => `${m[2]}:${m[3]} ${m[6]}`)).toEqual(['4:3 unknown-key', '7:12 out-of-range', '8:17 unknown-name', '10:14 unknown-name', '13:11 wrong-type', '9:3 unknown-key']);
    expect(heads[5]![5]).toMatch(/\(did you mean "epochs"\?\)$/);
    expect(r.stdout).toContain('2 of 2 invalid');
  });

  it('warnings alone exit 0', async ({ expect }) => {
    const r = await cli(expect, ['validate', `${INVALID}/input-not-first.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/input-not-first\.yaml:9:5: warning: .* \[input-not-first\]/);
  });

  it('--json prints the issues with code, line and column', async ({ expect }) => {
    const r = await cli(expect, ['validate', '--json', INVALID, 'test/fixtures/valid/sweep.yaml', 'nope.yaml']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { valid: boolean; files: { file: string; valid: boolean; issues: { code: string; line: number; column: number; severity: string }[] }[] };
    expect(out.valid).toBe(false);
    const byFile = new Map(out.files.map((f) => [f.file, f]));
    expect(byFile.get(`${INVALID}/unknown-key-fit-epoch.yaml`)!.issues).toMatchObject([{ code: 'unknown-key', line: 9, column: 3, severity: 'error', hint: 'did you mean "epochs"?' }]);
    expect(byFile.get(`${INVALID}/input-not-first.yaml`)).toMatchObject({ valid: true, issues: [{ code: 'input-not-first', line: 9, column: 5 }] });
    expect(byFile.get('test/fixtures/valid/sweep.yaml')).toEqual({ file: 'test/fixtures/valid/sweep.yaml', valid: true, issues: [] });
    expect(byFile.get('nope.yaml')!.issues).toMatchObject([{ code: 'file-missing' }]);
    expect(out.files.length).toBeGreaterThanOrEqual(35);
  });

  it('a missing file exits 2', async ({ expect }) => {
    const r = await cli(expect, ['validate', 'no-such-file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^no-such-file\.yaml: error: .*\[file-missing\]$/m);
  });

  it('--set problems point at the argument and are printed once', async ({ expect }) => {
    const r = await cli(expect, ['validate', 'test/fixtures/valid/generator-hinge.yaml', 'test/fixtures/valid/sweep.yaml', '--set', 'fit.epoch=3']);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/^<--set>:1:1: error: .* \(did you mean "epochs"\?\) \[set-path\]$/gm)).toHaveLength(1);
    expect(r.stderr).toContain('  --set fit.epoch=3');
    const ok = await cli(expect, ['validate', 'test/fixtures/valid/generator-hinge.yaml', '--set', 'compile.optimizer.learning_rate=1e-3']);
    expect(ok.code).toBe(0);
  });

  it('--help and --version exit 0; an unknown command or option exits 2', async ({ expect }) => {
    const help = await cli(expect, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate');
    const version = await cli(expect, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect((await cli(expect, ['frobnicate'])).code).toBe(2);
    expect((await cli(expect, ['validate', '--frobnicate'])).code).toBe(2);
  });

  it('runs by its absolute path from another folder, naming files relative to that folder', async ({ expect }) => {
    copyFileSync(join(ROOT, INVALID, 'unknown-key-fit-epoch.yaml'), join(tmp, 'exp.yaml'));
    const r = await cli(expect, ['validate', 'exp.yaml', join(ROOT, 'test/fixtures/valid/regression-huber.yaml')], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^exp\.yaml:9:3: error: .* \(did you mean "epochs"\?\) \[unknown-key\]$/m);
    expect(r.stderr).toMatch(/^> +9 \|   epoch: 10$/m);
    expect(r.stdout).toMatch(/regression-huber\.yaml: ok/);
    const none = await cli(expect, ['validate'], tmp);
    expect(none.code).toBe(2);
  });

  it('no stack trace on binary, over-large, empty or bomb files', async ({ expect }) => {
    writeFileSync(join(tmp, 'binary.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    writeFileSync(join(tmp, 'large.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    // Refused by the nesting bound (100 levels, src/load/yaml-depth.ts) before the parser sees it; 5000 levels is also
    // 6x deeper than the bin's parser stack (~800 levels), so without the bound this is the stack overflow, which must
    // be an error too, never a crash.
    writeFileSync(join(tmp, 'deep.yaml'), `a: ${'['.repeat(5000)}\n`);
    // Spawned: a crash here is the process's (exit 134, a stack trace), and how deep the parser gets before its stack
    // runs out depends on the stack below main(), which in this process is the test runner's.
    const r = await cli(expect, ['validate', 'binary.yaml', 'large.yaml', 'deep.yaml', join(ROOT, INVALID, 'yaml-alias-limit.yaml'), join(ROOT, INVALID, 'file-empty.yaml')], tmp, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^binary\.yaml:1:1: error: .*\[file-binary\]$/m);
    expect(r.stderr).toMatch(/^large\.yaml:1:1: error: .*\[file-too-large\]$/m);
    expect(r.stderr).toMatch(/^deep\.yaml:1:103: error: nesting is deeper than 100 levels .*\[yaml-syntax\]$/m);
    expect(r.stderr).toMatch(/yaml-alias-limit\.yaml:3:8: error: .*\[yaml-alias-limit\]$/m);
    expect(r.stdout).toContain('5 of 5 invalid');
    expect(r.stderr.length).toBeLessThan(10_000);
    expect(r.stderr).not.toContain('\0');
  });
});
