// Shared by the latency benches (watch-latency.mjs, page-latency.mjs): a temporary folder
// `experiments/` holding the tutorial's hinge job as hinge.yaml, and its edits. An edit changes
// the description only: new content, the same work, so each rerun trains the same job.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'trainspec.js');

/** `--name value` from the command line, or `d`. */
export function option(name, d) {
  const argv = process.argv.slice(2);
  return argv.includes(name) ? argv[argv.indexOf(name) + 1] : d;
}

/** The folder (edit 0 written), and `edit(n)`, which saves edit n. `prefix` names the temp folder, `name` the job. */
export function editFolder(prefix, name) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const folder = join(tmp, 'experiments');
  mkdirSync(folder);
  const file = join(folder, 'hinge.yaml');
  const base = readFileSync(join(ROOT, 'experiments', 'keras-seed-hinge.yaml'), 'utf8')
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/^description: .*$/m, '');
  const edit = (n) => writeFileSync(file, `description: edit ${n}\n${base}`);
  edit(0);
  return { tmp, folder, edit };
}
