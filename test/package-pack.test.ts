/**
 * The package as npm publishes it: `npm pack`, unpacked into a new project's
 * node_modules (its dependencies linked from this checkout, so no network), then
 * loaded by `require` and by `import` from that project.
 * In the slow tier (npm run test:all; vitest.config.ts says why): npm itself and a new Node loading the package and
 * tfjs cost ~3.5 s, and the subject is that fresh process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './run-helpers.js';

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
    // one new process checks all four ways in (each resolves its own "exports" condition): a process per check
    // would load the package and tfjs four times over
    const script = `
      import { createRequire } from 'node:module';
      import { loadExperiment } from 'trainspec';
      const require = createRequire(process.cwd() + '/');
      const t = require('trainspec');
      console.log(typeof loadExperiment);
      console.log(typeof t.loadExperiment, typeof t.runToResults);
      console.log(require('trainspec/package.json').name);
      console.log(require('trainspec/schema').title);`;
    const lines = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: proj, encoding: 'utf8' }).trim().split('\n');
    expect(lines).toEqual(['function', 'function function', 'trainspec', 'trainspec experiment']);
  });
});
