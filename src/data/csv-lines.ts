/**
 * A CSV file's bytes, chunk by chunk, as lines: a UTF-8 byte-order mark
 * dropped, a line split across chunks carried (in pieces, joined once when its
 * end comes), `\r\n` ends trimmed, blank lines skipped but counted. Shared by
 * the streamed readers (data/csv-numeric.ts for training data, predict's
 * csv-batches.ts), which see only whole lines and their numbers.
 */
import { concat } from './csv-cells.js';
import { DataError } from './table.js';

const NL = 10, CR = 13, SP = 32, TAB = 9;
/** One row longer than this is not a table (a binary file, or no line breaks at all). */
const MAX_LINE_BYTES = 64 * 2 ** 20;

/** Called with a non-blank line's bytes b[s, e), without its line end (its number: CsvLines.lineNo). */
export type OnLine = (b: Uint8Array, s: number, e: number) => void;

/** A copy of b[s..]: Buffer's own slice() is a view, not a copy. */
const copyOf = (b: Uint8Array, s: number): Uint8Array => Uint8Array.prototype.slice.call(b, s);

export class CsvLines {
  private carry: Uint8Array[] = [];
  private carried = 0;
  private started = false;
  /** The 1-based number of the line last handed out (blank lines count). */
  lineNo = 0;

  constructor(private readonly onLine: OnLine) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    if (this.carried > 0) {
      const nl = chunk.indexOf(NL, start);
      // a piece the next chunk continues is copied: the chunk's buffer may be reused (FileChunks)
      const head = nl < 0 ? copyOf(chunk, start) : chunk.subarray(start, nl);
      this.carry.push(head);
      this.carried += head.length;
      if (this.carried > MAX_LINE_BYTES) {
        throw new DataError(`line ${this.lineNo + 1} is longer than ${MAX_LINE_BYTES / 2 ** 20} MiB (no line break): not a CSV table`, { line: this.lineNo + 1 });
      }
      if (nl < 0) return;
      this.flushCarry();
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(NL, start); nl >= 0; nl = chunk.indexOf(NL, start)) {
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.carry = [copyOf(chunk, start)];
      this.carried = chunk.length - start;
    }
  }

  /** After the last chunk: its last line, if it had no line end. */
  end(): void {
    if (this.carried > 0) this.flushCarry();
  }

  private flushCarry(): void {
    const joined = concat(this.carry, this.carried);
    this.carry = [];
    this.carried = 0;
    this.line(joined, 0, joined.length);
  }

  private line(b: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    if (e > s && b[e - 1] === CR) e--;
    let a = s;
    while (a < e && (b[a] === SP || b[a] === TAB)) a++;
    if (a === e) return;
    this.onLine(b, s, e);
  }
}
