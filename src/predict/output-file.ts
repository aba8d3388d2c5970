/**
 * Where predictions go. A file is written whole or not at all: to a new
 * temporary file beside it (created exclusively, so nothing that exists is
 * touched), renamed over the target at the end, removed on any error.
 * stdout is written with its back-pressure respected, so a slow reader
 * does not make the output pile up in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PredictError } from './errors.js';

export interface TempOutput {
  write(text: string): void;
  /** Renames the temporary file to the target. */
  commit(): void;
  /** Removes the temporary file (after an error). */
  abort(): void;
}

export function openTempOutput(target: string): TempOutput {
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new PredictError('the output is a folder', { file: target, line: 1 });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null;
  try {
    fd = openSync(tmp, 'wx');
  } catch (e) {
    throw new PredictError(`cannot write the output here: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: target, line: 1 });
  }
  // Ctrl-C ends the process while the file is written: the temporary file goes with it
  const removeAtExit = () => rmSync(tmp, { force: true });
  process.on('exit', removeAtExit);
  const close = () => {
    process.off('exit', removeAtExit);
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    write(text) {
      // writeSync may write part of a large string: write the rest
      let bytes = Buffer.from(text, 'utf8');
      while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd!, bytes));
    },
    commit() {
      close();
      try {
        renameSync(tmp, target);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw new PredictError(`cannot write the output here: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: target, line: 1 });
      }
    },
    abort() {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

/** Writes to a stream, waiting for 'drain' when its buffer is full (or until it closes or fails). */
export function streamWriter(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  return async (text) => {
    if (text === '' || stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  };
}
