/** What the pure loader needs from the outside world: bytes of a file, or undefined when it cannot be read. */
export interface SourceHost {
  read(file: string): Uint8Array | undefined;
  /** Why `read` gave undefined; hosts without it only know "missing". */
  whyUnreadable?(file: string): Unreadable;
  /**
   * A data file as a stream of chunks, with no size limit (CSV is parsed as it
   * arrives); undefined when it cannot be read. Hosts without it serve `read`'s bytes.
   */
  readChunks?(file: string): FileChunks | undefined;
}

/**
 * A file's size (known before reading, for estimates) and its bytes, chunk after chunk. A chunk may be overwritten
 * by the next one (a file's chunks share one buffer): a reader copies what it keeps past its turn.
 */
export interface FileChunks {
  size: number;
  chunks: Iterable<Uint8Array>;
}

/** A file that `read` did not return, and why: each gets its own message. */
export type Unreadable =
  | { reason: 'missing' | 'directory' | 'special' | 'unreadable'; detail?: string }
  | { reason: 'too-large'; size: number; limit: number };

/** Files read whole (JSON data, CSV with quoted fields) larger than this are refused; streamed CSV has no limit; experiment files have a smaller one in source.ts. */
export const MAX_DATA_BYTES = 64 * 1024 * 1024;

/** The message for a file `read` did not return, naming it as `shown`. */
export function unreadableMessage(shown: string, why: Unreadable | undefined): string {
  switch (why?.reason) {
    case 'directory': return `${shown} is a folder, not a file`;
    case 'special': return `${shown} is not a regular file (${why.detail ?? 'a device, socket or FIFO'}); trainspec reads regular files only`;
    case 'unreadable': return `${shown} cannot be read${why.detail ? ` (${why.detail})` : ''}`;
    case 'too-large': return `${shown} is ${why.size} bytes; the limit is ${why.limit} (${why.limit / 1024 / 1024} MiB)`;
    default: return `file not found: ${shown}`;
  }
}

/** A host over an in-memory map of files (tests, editors with unsaved buffers). */
export function memoryHost(files: Record<string, string | Uint8Array>): SourceHost {
  return {
    read: (file) => {
      const f = files[file];
      return f === undefined ? undefined : typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
  };
}
