/**
 * A run's results folder written as one unit (write.ts: checked, leftovers
 * recovered, written beside the target, swapped in), for callers that can wait
 * (the worker pool's main thread writes one point while a thread trains the
 * next): a folder's files and folders are written and fsynced concurrently.
 * Several fsyncs in flight cost about one journal commit instead of one each
 * (ext4 commits them together): on this project's machine 7 files took ~6 ms
 * instead of ~40.
 */
import { lstatSync, mkdirSync, promises as fsp, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beginWrite, failWrite, type Files, type PendingWrite } from './write.js';

const exists = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/** The file-system call a write makes that can fail on a full or read-only disk; tests pass faulty ones. */
export interface AsyncWriteIo {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
}

/** Writes a new file and fsyncs it before closing, so a rename after it never exposes an empty file. */
async function writeDurablyAsync(path: string, data: string | Uint8Array): Promise<void> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (!(buf instanceof Uint8Array)) throw new TypeError(`cannot write ${path}: not text or bytes`);
  const fh = await fsp.open(path, 'wx');
  try {
    for (let off = 0; off < buf.length; ) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
}
export const realAsyncIo: AsyncWriteIo = { writeFile: writeDurablyAsync };

/** Flushes a folder's entries; platforms that cannot fsync a folder are skipped (as write.ts's fsyncDir). */
async function fsyncDirAsync(dir: string): Promise<void> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch (e) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    await fh.close();
  }
}

/** writeTree with every file, then every folder, fsynced concurrently; waits for all before it fails. */
async function writeTreeAsync(root: string, files: Files, io: AsyncWriteIo): Promise<void> {
  mkdirSync(root);
  const dirs = new Set([root]);
  for (const rel of Object.keys(files)) {
    const d = dirname(join(root, rel));
    if (!dirs.has(d)) mkdirSync(d, { recursive: true });
    dirs.add(d);
  }
  await allOrFirstError(Object.entries(files).map(([rel, data]) => io.writeFile(join(root, rel), data)));
  await allOrFirstError([...dirs].map(fsyncDirAsync));
}

/** Like Promise.all, but settles only when every promise has (nothing is still writing into a folder being removed). */
async function allOrFirstError(ps: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(ps)).find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** Replaces folder `target` (absent or ours) with exactly `files`. Failures: OutputError, target as it was. */
export async function writeAtomicallyAsync(target: string, files: Files, io: AsyncWriteIo = realAsyncIo): Promise<void> {
  const w = beginWrite(target);
  try {
    await writeTreeAsync(w.tmp, files, io);
  } catch (e) {
    failWrite(w, e);
  }
  await commitWriteAsync(w);
}

/**
 * Swaps the written temporary folder in: old aside, new in place, parent flushed, old removed.
 * The two slow steps run off this thread: the parent's fsync and the removal of the old folder
 * (a sweep with --force replaces a folder per point; removing 8 entries and fsyncing cost this
 * thread ~15 ms per point, while it renders the next chart). The renames stay synchronous, so no
 * other write can come between them; the results are not reported written before the parent's fsync.
 */
async function commitWriteAsync(w: PendingWrite): Promise<void> {
  let moved = false;
  try {
    if (exists(w.target)) {
      renameSync(w.target, w.old);
      moved = true;
    }
    renameSync(w.tmp, w.target);
    await fsyncDirAsync(w.parent);
  } catch (e) {
    if (moved && !exists(w.target)) renameSync(w.old, w.target);
    failWrite(w, e);
  }
  if (!moved) return;
  // Results are in place; an `.old-*` a failure leaves behind is removed by the next write.
  await fsp.rm(w.old, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
}

