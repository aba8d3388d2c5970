/** The loader's host on the real file system. */
import { readFileSync, statSync } from 'node:fs';
import type { SourceHost } from '../load/host.js';
import { MAX_FILE_BYTES } from '../load/source.js';

export const fsHost: SourceHost = {
  read(file) {
    try {
      const st = statSync(file);
      if (!st.isFile()) return undefined;
      // Data files may be larger than experiment files; YAML size is checked by the parser.
      if (st.size > 64 * MAX_FILE_BYTES) return new Uint8Array(st.size);
      return readFileSync(file);
    } catch {
      return undefined;
    }
  },
};
