/**
 * Data files read in chunks from the file system, so a file of any size is
 * parsed without holding its bytes, and the run re-reads what validation saw.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { FileChunks, SourceHost } from './host.js';

const CHUNK = 1 << 20;

/** The file's size now and its chunks when iterated (the file is open only while they are read). */
export function fileChunks(file: string): FileChunks {
  const size = statSync(file).size;
  function* chunks(): Generator<Uint8Array> {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        // a fresh buffer per chunk: a reader may keep the tail of the previous one
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = readSync(fd, buf, 0, CHUNK, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  }
  return { size, chunks: chunks() };
}

/** The bytes a validated data file had, for the run: from memory when the loader's host held them, else from disk. */
export interface DataSource {
  abs: string;
  bytes?: Uint8Array;
}

/** A host that serves kept bytes from memory and streams the other files from disk. */
export function dataHost(files: readonly DataSource[]): SourceHost {
  const kept = new Map(files.filter((f) => f.bytes).map((f) => [f.abs, f.bytes!]));
  return {
    read: (file) => kept.get(file),
    readChunks: (file) => {
      const bytes = kept.get(file);
      if (bytes) return { size: bytes.length, chunks: [bytes] };
      try {
        return fileChunks(file);
      } catch {
        return undefined;
      }
    },
  };
}
