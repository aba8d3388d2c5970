/**
 * Where a results folder may be written, checked before anything trains:
 * strictly inside --out (never --out itself, its parent or anything outside,
 * and never through a symbolic link inside --out), replacing only a folder
 * trainspec wrote, with every path we will create short enough for the file
 * system, in a location we can write. Each refusal is an OutputError (exit 2)
 * and touches nothing.
 *
 * "A folder trainspec wrote" (the marker):
 *   - a run folder: holds a run.json that parses to an object with a string
 *     `hash` (what record.ts writes; a user's folder has no such file);
 *   - a sweep folder: holds a summary.json with `name`, `rank_by` and
 *     `points`, or every entry in it is a run folder, a sweep summary file or
 *     a leftover/lock of ours (a sweep whose summary was not written yet);
 *   - an empty folder (nothing to lose).
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { asOutputError, OutputError } from './output-error.js';

/** The longest tag in a temporary name: a pid of up to 10 digits, a dash and 12 hex digits. */
export const TAG_MAX = `${'9'.repeat(10)}-${'f'.repeat(12)}`;
/** Suffixes we add to a results folder's name (.NAME.SUFFIX): the longest decides the name limit. */
const SUFFIXES = ['.tmp-', '.old-', '.lock.new-', '.lock.claim-'];
/** The deepest file inside a results folder. */
const DEEPEST = join('model', 'weights.bin');
const NAME_MAX = 255;
const PATH_MAX = 4095;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when dir holds a run.json that trainspec wrote. */
export function isRunFolder(dir: string): boolean {
  const run = readJson(join(dir, 'run.json'));
  return isObject(run) && typeof run.hash === 'string';
}

function isSweepSummary(dir: string): boolean {
  const s = readJson(join(dir, 'summary.json'));
  return isObject(s) && typeof s.name === 'string' && 'rank_by' in s && Array.isArray(s.points);
}

const SUMMARY_FILES = new Set(['summary.md', 'summary.json', 'summary.svg']);
const OUR_HIDDEN = /^\..+\.(lock|(tmp|old|lock\.new|lock\.claim)-[0-9a-f-]+)$/;

/** True when dir is a folder trainspec may replace (see the marker above). */
export function isOurs(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) return false;
  if (isRunFolder(dir) || isSweepSummary(dir)) return true;
  return readdirSync(dir, { withFileTypes: true }).every((d) =>
    OUR_HIDDEN.test(d.name) || (d.isFile() && SUMMARY_FILES.has(d.name)) || (d.isDirectory() && !d.name.startsWith('.') && isRunFolder(join(dir, d.name))));
}

/** Splits a results path (relative to --out) into plain names, refusing ".", "..", hidden names and separators' tricks. */
export function resultSegments(rel: string): string[] {
  const segs = rel.split(/[\\/]/);
  if (segs.some((s) => s === '' || s.startsWith('.') || s.includes('\0'))) {
    throw new OutputError(`refusing to write results to "${rel}" under --out: every part must be a plain name (not empty, ".", ".." or starting with "."), so that nothing outside --out is touched`);
  }
  return segs;
}

/** lstat that reads "a file is in the way" (ENOTDIR) as "not there". */
function lstatOrNull(p: string) {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw asOutputError(e, `look at ${p}`);
  }
}

/** --out as a real absolute path (symlinks in it resolved, as the user chose them); refuses a file. */
export function realOut(out: string): string {
  const abs = resolve(out);
  let existing = abs;
  while (lstatOrNull(existing) === null && dirname(existing) !== existing) existing = dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (e) {
    throw asOutputError(e, `use --out ${out}`);
  }
  if (!statSync(real).isDirectory()) {
    throw new OutputError(existing === abs ? `--out ${out} is a file, not a folder; give a folder for the results` : `cannot use --out ${out}: ${existing} is a file, not a folder`);
  }
  return join(real, relative(existing, abs));
}

/** Checks byte lengths of every name and path we will create for this target against the file system's limits. */
function checkLengths(parent: string, name: string, rel: string): void {
  const longestSuffix = Math.max(...SUFFIXES.map(bytes)) + bytes(TAG_MAX);
  if (1 + bytes(name) + longestSuffix > NAME_MAX) {
    throw new OutputError(`the results name "${rel}" is too long for the file system: ${bytes(name)} bytes, at most ${NAME_MAX - 1 - longestSuffix} (temporary names add ${1 + longestSuffix})`);
  }
  const deepest = join(parent, `.${name}.tmp-${TAG_MAX}`, DEEPEST);
  if (bytes(deepest) > PATH_MAX) {
    throw new OutputError(`the results path ${join(parent, name)} is too long for the file system (${bytes(deepest)} bytes with temporary names, at most ${PATH_MAX}); use a shorter --out or name`);
  }
}

/** Walks from --out to the target: every existing part must be a real folder, not a link or a file. */
function checkChain(outReal: string, segs: string[], rel: string): void {
  let p = outReal;
  for (const [i, s] of segs.entries()) {
    p = join(p, s);
    const st = lstatOrNull(p);
    if (!st) return;
    if (st.isSymbolicLink()) throw new OutputError(`refusing to write results through ${p}: it is a symbolic link (trainspec writes only into real folders under --out)`);
    if (!st.isDirectory()) throw new OutputError(`refusing to replace ${p}: it is a file, not a results folder`);
    if (i === segs.length - 1 && !isOurs(p)) {
      throw new OutputError(`refusing to replace ${p}: it is not a results folder trainspec wrote (no run.json or summary.json of ours); move it away or choose another name or --out for "${rel}"`);
    }
  }
}

/** Creates the target's parent and proves we can create the longest temporary name there (then removes it). */
function probeWritable(parent: string, name: string, out: string): void {
  try {
    mkdirSync(parent, { recursive: true });
    // As long as the longest tag, unique to this process (so concurrent runs do not collide).
    const probe = join(parent, `.${name}.tmp-${String(process.pid).padStart(10, '0')}-${randomBytes(6).toString('hex')}`);
    mkdirSync(probe);
    rmSync(probe, { recursive: true, force: true });
  } catch (e) {
    throw asOutputError(e, `write results under --out ${out}`);
  }
}

/**
 * Folders one invocation has already proved writable, with the longest name proved in each: a
 * sweep's points share their parent, and each probe costs a mkdir and an rmdir (~4 ms here) on
 * the thread that feeds the training thread. Keep one per invocation, never across invocations
 * (watch mode): a folder made read-only later must fail before training again.
 */
export type ProbedFolders = Map<string, number>;

/**
 * The absolute folder for results `rel` (e.g. "NAME" or "NAME/SLUG") under `out`, after every check above.
 * With `probe`, also creates the parent folders and tests that we can write there (once per parent
 * and name length when given the invocation's ProbedFolders).
 */
export function resultsTarget(out: string, rel: string, probe: boolean | ProbedFolders = true): string {
  const segs = resultSegments(rel);
  const outReal = realOut(out);
  const target = join(outReal, ...segs);
  const back = relative(outReal, target);
  if (back === '' || back.startsWith('..') || back.split(sep).length !== segs.length) {
    throw new OutputError(`refusing to write results to "${rel}": it is not strictly inside --out ${out}`);
  }
  const name = segs[segs.length - 1]!;
  checkLengths(dirname(target), name, rel);
  checkChain(outReal, segs, rel);
  if (probe === true) probeWritable(dirname(target), name, out);
  else if (probe) {
    const parent = dirname(target);
    if ((probe.get(parent) ?? -1) < bytes(name)) {
      probeWritable(parent, name, out);
      probe.set(parent, bytes(name));
    }
  }
  return target;
}
