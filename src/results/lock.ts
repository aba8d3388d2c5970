/**
 * One writer per results folder: a lock file beside it (`.NAME.lock`) holding
 * "PID TAG". A lock whose process is gone is stale and taken over.
 *
 * Both steps are atomic:
 *  - creating: the content is written to a unique temporary file first, then
 *    link()ed to the lock name, which fails if the lock exists; so a lock is
 *    never seen empty or half-written.
 *  - taking over a stale lock: the taker link()s the lock to a claim name
 *    derived from the stale content (`.NAME.lock.claim-HASH`). Only one
 *    process can create that claim, and if the claim's content is the stale
 *    content, the lock still was the stale one when linked; only then is it
 *    removed and a new lock created (again by link, so a fresh owner wins).
 *    Anyone who finds other content behind the claim backs off and retries,
 *    and then sees the new owner. A claim left by a taker killed inside those
 *    few system calls is removed once it is a minute old.
 */
import { createHash } from 'node:crypto';
import { closeSync, linkSync, lstatSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { asOutputError } from './output-error.js';

export class LockedError extends UsageError {}

/** The lock file beside a results folder. */
export const lockPathOf = (dir: string) => join(dirname(dir), `.${basename(dir)}.lock`);

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Seams for tests: the owner recorded, how liveness is judged, and a hook between reading a stale lock and taking it over. */
export interface LockOptions {
  pid?: number;
  isAlive?: (pid: number) => boolean;
  beforeTakeover?: () => void;
}

const STALE_CLAIM_MS = 60_000;
const read = (p: string): string | null => {
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};

/**
 * Creates `lockPath` holding `content`, atomically; false when a lock is already there.
 * Not fsynced: other processes read it from the page cache, and a lock is only needed while
 * its process lives. After a crash it is stale either way; if the crash emptied it (its data
 * never reached the disk), its owner reads as pid 0, which is never alive, so it is taken over
 * like any stale lock (test/results-lock.test.ts). An fsync here cost every run ~3 ms.
 */
function createLock(lockPath: string, content: string, tag: string): boolean {
  const tmp = `${lockPath}.new-${tag}`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Removes the stale lock holding `stale`, unless another process did first; true when this process removed it. */
function removeStale(lockPath: string, stale: string): boolean {
  const claim = `${lockPath}.claim-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  try {
    linkSync(lockPath, claim);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EEXIST') throw e;
    const st = lstatSync(claim, { throwIfNoEntry: false });
    if (st && Date.now() - st.ctimeMs > STALE_CLAIM_MS) rmSync(claim, { force: true });
    return false;
  }
  try {
    if (read(claim) !== stale) return false;
    unlinkSync(lockPath);
    return true;
  } finally {
    rmSync(claim, { force: true });
  }
}

/** Takes the lock for `what`; returns its release. LockedError while a live process holds it. */
export function acquireLock(lockPath: string, what: string, opts: LockOptions = {}): () => void {
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? ((p: number) => p !== process.pid && pidAlive(p));
  const tag = `${pid}-${createHash('sha256').update(`${Math.random()}${performance.now()}`).digest('hex').slice(0, 12)}`;
  const content = `${pid} ${tag}\n`;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createLock(lockPath, content, tag)) return () => release(lockPath, content);
      const seen = read(lockPath);
      if (seen === null) continue;
      const owner = Number(seen.trim().split(/\s+/)[0]);
      if (isAlive(owner)) {
        throw new LockedError(`${what} is being run by another trainspec process (pid ${owner}); wait for it, or remove ${lockPath} if that process is gone`);
      }
      opts.beforeTakeover?.();
      removeStale(lockPath, seen);
    }
  } catch (e) {
    throw asOutputError(e, `lock ${what} (${basename(lockPath)} in ${dirname(lockPath)})`);
  }
  throw new LockedError(`could not lock ${what} (${join(dirname(lockPath), basename(lockPath))}): other processes keep taking it`);
}

/** Removes the lock only while it is still ours. */
function release(lockPath: string, content: string): void {
  if (read(lockPath) === content) rmSync(lockPath, { force: true });
}
