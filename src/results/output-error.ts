/**
 * Problems with where results go (--out is a file, read-only, full, a name
 * too long, a folder trainspec did not write): bad usage, exit 2, with the
 * file-system error said in words instead of a stack trace.
 */
import { UsageError } from '../errors.js';

export class OutputError extends UsageError {}

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file is in the way where a folder should be',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'name too long for the file system',
  EIO: 'input/output error',
  EISDIR: 'a folder is in the way where a file should be',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** File-system errors that say something about the output location, not about trainspec. */
export function isFsProblem(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in WORDS;
}

/** Rethrows a file-system error as an OutputError naming what was being done and where; anything else unchanged. */
export function asOutputError(e: unknown, doing: string, hint = ''): unknown {
  if (e instanceof OutputError || !isFsProblem(e)) return e;
  const where = e.path ? ` (${e.path})` : '';
  return new OutputError(`cannot ${doing}: ${WORDS[e.code!]}${where}${hint ? `; ${hint}` : ''}`);
}
