/**
 * The package as npm publishes it: `npm pack`, unpacked into a new project's
 * node_modules (its dependencies linked from this checkout, so no network), then
 * loaded by `require` and by `import` from that project.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './run-helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A project with the packed tarball installed as node_modules/trainspec. */
function installedProject(): string {
  const dir = tempDir('pack');
  // dist/ is built by the test setup; --ignore-scripts skips the prepare step's rebuild.
  const name = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  const modules = join(dir, 'proj', 'node_modules');
  mkdirSync(modules, { recursive: true });
  execFileSync('tar', ['xzf', join(dir, name), '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'trainspec'));
  for (const dep of readdirSync(join(ROOT, 'node_modules'))) {
    if (dep !== 'trainspec' && !dep.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
  }
  return join(dir, 'proj');
}

describe('the npm package', () => {
  it('loads with require() and with import, and exposes package.json and the schema', () => {
    const proj = installedProject();
    expect(existsSync(join(proj, 'node_modules/trainspec/LICENSE'))).toBe(true);
    const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: proj, encoding: 'utf8' }).trim();
    expect(run(['-e', "const t = require('trainspec'); console.log(typeof t.loadExperiment, typeof t.runToResults)"])).toBe('function function');
    expect(run(['-e', "console.log(require('trainspec/package.json').name)"])).toBe('trainspec');
    expect(run(['-e', "console.log(require('trainspec/schema').title)"])).toBe('trainspec experiment');
    expect(run(['--input-type=module', '-e', "import { loadExperiment } from 'trainspec'; console.log(typeof loadExperiment)"])).toBe('function');
  });

  it('has a repository (npm resolves the README images against it), an MIT LICENSE, and ignores packed tarballs', () => {
    expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\//) });
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License[\s\S]*trainspec authors/);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('*.tgz');
  });
});
