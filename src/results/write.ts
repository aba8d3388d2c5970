/**
 * Writes a run's results folder all at once and durably: every file goes to
 * a temporary folder beside the target and is fsynced (files and folders),
 * then the old folder is renamed aside, the new one into place, the parent
 * fsynced, and the old one removed. Readers see the old results or the new
 * ones, never a mix. A crash between the two renames leaves `.NAME.old-TAG`
 * without NAME; the next write (or recoverLeftovers) puts it back. Only a
 * folder trainspec wrote is ever replaced (see target.ts), and only plain
 * names are accepted, so ".", ".." or ".git" can never be renamed or removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from './lock.js';
import { asOutputError, OutputError } from './output-error.js';
import { isOurs, resultSegments } from './target.js';

export type Files = Record<string, string | Uint8Array>;

/** The file-system calls a write makes that can fail on a full or read-only disk; tests pass faulty ones. */
export interface WriteIo {
  writeFile(path: string, data: string | Uint8Array): void;
}

/** Writes a new file and fsyncs it before closing, so a rename after it never exposes an empty file. */
function writeDurably(path: string, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (!(buf instanceof Uint8Array)) throw new TypeError(`cannot write ${path}: not text or bytes`);
  const fd = openSync(path, 'wx');
  try {
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
export const realIo: WriteIo = { writeFile: writeDurably };

/** Flushes a folder's entries (new names, renames); platforms that cannot fsync a folder are skipped. */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

export const newTag = () => `${process.pid}-${randomBytes(6).toString('hex')}`;
const exists = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A leftover's pid still runs (then its temporary file is someone's write in progress). */
const busy = (tag: string) => {
  const pid = Number(tag.split('-')[0]);
  return pid !== process.pid && pidAlive(pid);
};

/**
 * Puts back or cleans what a killed write of `parent/name` left: a `.name.old-TAG`
 * returns to `name` when `name` is missing (a kill between the two renames), other
 * `.old-*` and every `.name.tmp-*` are removed. Only names of exactly our pattern,
 * and only folders that are ours, are touched. Call it holding name's lock.
 */
export function recoverLeftovers(parent: string, name: string): void {
  try {
    recover(parent, name);
  } catch (e) {
    throw asOutputError(e, `recover an interrupted write of ${join(parent, name)}`);
  }
}

function recover(parent: string, name: string): void {
  let changed = false;
  const re = new RegExp(`^\\.${escapeRe(name)}\\.(tmp|old)-(\\d+-[0-9a-f]+)$`);
  let entries: string[];
  try {
    entries = readdirSync(parent).sort();
  } catch {
    return;
  }
  const target = join(parent, name);
  for (const e of entries) {
    const m = re.exec(e);
    const p = join(parent, e);
    if (!m || !lstatSync(p).isDirectory()) continue;
    if (m[1] === 'tmp') {
      if (busy(m[2]!)) continue;
      rmSync(p, { recursive: true, force: true });
    }
    else if (!exists(target) && isOurs(p)) renameSync(p, target);
    else if (isOurs(p)) rmSync(p, { recursive: true, force: true });
    else continue;
    changed = true;
  }
  // Only a change needs flushing (an fsync costs a journal commit, and most writes find nothing to recover).
  if (changed) fsyncDir(parent);
}

/** A folder write under way: checked, leftovers recovered, its temporary and aside names chosen. */
export interface PendingWrite {
  target: string;
  parent: string;
  tmp: string;
  old: string;
}

export function beginWrite(target: string): PendingWrite {
  const parent = dirname(target);
  const name = basename(target);
  resultSegments(name);
  if (exists(target) && !isOurs(target)) throw new OutputError(`refusing to replace ${target}: it is not a results folder trainspec wrote`);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw asOutputError(e, `write results to ${target}`);
  }
  recoverLeftovers(parent, name);
  const tag = newTag();
  return { target, parent, tmp: join(parent, `.${name}.tmp-${tag}`), old: join(parent, `.${name}.old-${tag}`) };
}

/** The new folder could not be written: the temporary one goes, the target stays as it was. */
export function failWrite(w: PendingWrite, e: unknown): never {
  rmSync(w.tmp, { recursive: true, force: true });
  throw asOutputError(e, `write results to ${w.target}`, 'earlier results are kept');
}

/**
 * Writes files into an existing folder as one unit (a sweep's summary.md/json/svg):
 * every file is written and fsynced under a temporary name first, and only then
 * renamed into place, so a full disk leaves the old set whole and no temporary file.
 */
export function writeFilesAtomically(dir: string, files: Files, io: WriteIo = realIo): void {
  const tag = newTag();
  const done: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    cleanFileLeftovers(dir, Object.keys(files));
    for (const [rel, data] of Object.entries(files)) {
      const tmp = join(dir, `.${basename(rel)}.tmp-${tag}`);
      done.push(tmp);
      io.writeFile(tmp, data);
    }
  } catch (e) {
    for (const t of done) rmSync(t, { force: true });
    throw asOutputError(e, `write ${Object.keys(files).join(', ')} in ${dir}`, 'the earlier files are kept');
  }
  try {
    for (const rel of Object.keys(files)) renameSync(join(dir, `.${basename(rel)}.tmp-${tag}`), join(dir, rel));
    fsyncDir(dir);
  } catch (e) {
    for (const t of done) rmSync(t, { force: true });
    throw asOutputError(e, `rename ${Object.keys(files).join(', ')} into place in ${dir}`);
  }
}

/** Removes `.FILE.tmp-TAG` files a killed process left for these files (not those of a process still running). */
function cleanFileLeftovers(dir: string, rels: string[]): void {
  const names = new Set(rels.map((r) => basename(r)));
  for (const e of readdirSync(dir)) {
    const m = /^\.(.+)\.tmp-(\d+-[0-9a-f]+)$/.exec(e);
    if (m && names.has(m[1]!) && !busy(m[2]!) && lstatSync(join(dir, e)).isFile()) rmSync(join(dir, e), { force: true });
  }
}
