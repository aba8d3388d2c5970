/** The loader's host on the real file system. */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { fileChunks } from './file-chunks.js';
import { MAX_DATA_BYTES, type SourceHost, type Unreadable } from './host.js';

/**
 * Stat first, so a FIFO is never opened (opening one blocks until a writer
 * comes) and a huge file is never read (readFileSync of >2 GiB throws, and
 * reading 64 MiB+ only to reject it wastes seconds).
 */
function classify(file: string, limit = MAX_DATA_BYTES): Unreadable | { reason: 'ok' } {
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { reason: 'directory' };
    if (!st.isFile()) return { reason: 'special', detail: st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device' };
    if (st.size > limit) return { reason: 'too-large', size: st.size, limit };
    return { reason: 'ok' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { reason: 'missing' } : { reason: 'unreadable', detail: code };
  }
}

export const fsHost: SourceHost = {
  read(file) {
    if (classify(file).reason !== 'ok') return undefined;
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  },
  readChunks(file) {
    if (classify(file, Infinity).reason !== 'ok') return undefined;
    try {
      return fileChunks(file);
    } catch {
      return undefined;
    }
  },
  whyUnreadable(file) {
    const c = classify(file);
    if (c.reason !== 'ok') return c;
    try {
      accessSync(file, constants.R_OK);
      return { reason: 'missing' };
    } catch (e) {
      return { reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code };
    }
  },
};
