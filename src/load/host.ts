/** What the pure loader needs from the outside world: bytes of a file, or undefined when it is missing. */
export interface SourceHost {
  read(file: string): Uint8Array | undefined;
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
