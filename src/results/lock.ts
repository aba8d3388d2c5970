/**
 * One writer per results folder: a lock file beside it holding the owner's
 * pid. A lock whose process is gone is stale and taken over.
 */
import { UsageError } from '../errors.js';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export class LockedError extends UsageError {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(lockPath: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new LockedError(`${what} is being run by another trainspec process (pid ${pid}); wait for it, or remove ${lockPath} if that process is gone`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new LockedError(`could not lock ${what} (${lockPath})`);
}
