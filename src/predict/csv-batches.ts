/**
 * Predict's CSV input, streamed: bytes in, batches of rows out. The model's
 * feature columns go straight from the bytes into a Float64Array (in the
 * model's order, parsed exactly as `Number()` would, by data/csv-cells.ts);
 * the target and --keep columns are the only cells made into strings. Quoted
 * fields (and lone CRs) need the full CSV grammar: NeedsFullParser, and the
 * caller reads the input whole with csv-parse instead.
 */
import { bytesToLabel, cursor, parseField } from '../data/csv-cells.js';
import { CsvLines } from '../data/csv-lines.js';
import { NeedsFullParser } from '../data/csv-numeric.js';
import { checkHeader, DataError } from '../data/table.js';

/** Rows [first, first + count) of the input, by 0-based row index. */
export interface RowBatch {
  first: number;
  count: number;
  /** count × features raw values, row after row. */
  x: Float64Array;
  /** Per --keep column, its cell per row. */
  keep: string[][];
  /** The target's cell per row, when the input has it. */
  target: string[] | null;
  /** Source line of each row, for error messages. */
  lines: number[];
}

export interface BatchSpec {
  features: readonly string[];
  keep: readonly string[];
  /** The target column to carry when present (null: none). */
  target: string | null;
  /** Rows per batch (the model sees the same batches from any source, so its outputs are the same). */
  batchRows: number;
  /** Check only: no batches are made (the pass before stdout output). */
  store: boolean;
  /** Called with the header's columns; may throw (a missing column). */
  onHeader(columns: string[]): void;
}

const CR = 13, FF = 12, COMMA = 44, QUOTE = 34, SP = 32, TAB = 9;
const SKIP = -1;
/** A batch is also cut when its string cells pass this many bytes (very wide --keep cells). */
const MAX_BATCH_TEXT = 32 * 2 ** 20;
const loose = new TextDecoder('utf-8');

export class CsvBatchReader {
  private readonly lines = new CsvLines((b, s, e) => (this.columns ? this.record(b, s, e) : this.header(b, s, e)));
  private columns: string[] | null = null;
  /** Per header column: its feature slot, else SKIP. */
  private slots = new Int32Array(0);
  /** Per header column: its --keep slot, else SKIP. */
  private keeps = new Int32Array(0);
  /** The target's column index, or SKIP when the input has none. */
  private targetAt = SKIP;
  private rows = 0;
  private batch: RowBatch | null = null;
  private batchText = 0;
  private ready: RowBatch[] = [];

  constructor(private readonly spec: BatchSpec) {}

  private get lineNo(): number {
    return this.lines.lineNo;
  }

  /** The row count so far (after end(): all of them). */
  get rowCount(): number {
    return this.rows;
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  /** After the last chunk: the last line, and whether there was a header at all. */
  end(): void {
    this.lines.end();
    if (!this.columns) throw new DataError('the input is empty (no header row, no rows)', { line: 1 });
    if (this.rows === 0) throw new DataError('csv data has no rows', { line: 1 });
    this.cut();
  }

  /** The batches completed so far (each handed out once). */
  take(): RowBatch[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private header(b: Uint8Array, s: number, e: number): void {
    const text = loose.decode(b.subarray(s, e));
    if (text.includes('"') || text.includes('\r')) throw new NeedsFullParser();
    const columns = text.split(',').map((c) => c.trim());
    checkHeader(columns, this.lineNo);
    this.spec.onHeader(columns);
    const { features, keep, target } = this.spec;
    this.targetAt = target === null ? SKIP : columns.indexOf(target);
    this.slots = Int32Array.from(columns, (c) => features.indexOf(c));
    this.keeps = Int32Array.from(columns, (c) => keep.indexOf(c));
    this.columns = columns;
  }

  private record(b: Uint8Array, s: number, e: number): void {
    const n = this.slots.length;
    const width = this.spec.features.length;
    const batch = this.spec.store ? (this.batch ??= this.newBatch()) : null;
    const at = batch ? batch.count * width : 0;
    let bad = -1, badEmpty = false, fields = 0;
    for (let p = s; ; p = cursor.end + 1) {
      const slot = fields < n ? this.slots[fields]! : SKIP;
      if (slot >= 0) {
        cursor.quote = false;
        const v = parseField(b, p, e);
        if (cursor.quote) throw new NeedsFullParser();
        if (batch && this.keeps[fields]! >= 0) this.cellText(b, p, cursor.end, fields, batch);
        // the first bad cell in the model's column order, as the whole-file reader reports it
        if (v !== v) {
          if (bad < 0 || slot < this.slots[bad]!) bad = fields, badEmpty = cursor.empty;
        } else if (batch) batch.x[at + slot] = v;
      } else this.skipField(b, p, e, fields < n ? fields : SKIP, batch);
      fields++;
      if (cursor.end >= e) break;
    }
    if (fields !== n) throw new DataError(`ragged row: ${fields} fields, the header has ${n}`, { line: this.lineNo });
    if (bad >= 0) {
      const why = badEmpty ? 'empty cell' : 'the value is not a number';
      // the cell is data: name its place, never its text
      throw new DataError(`column ${JSON.stringify(this.columns![bad])}, row ${this.rows + 1}: ${why}`, { line: this.lineNo });
    }
    this.rows++;
    if (!batch) return;
    batch.lines.push(this.lineNo);
    batch.count++;
    if (batch.count === this.spec.batchRows || this.batchText > MAX_BATCH_TEXT) this.cut();
  }

  /** A field that is not a feature: its end found, its text kept when it is a --keep or target cell. */
  private skipField(b: Uint8Array, p: number, e: number, j: number, batch: RowBatch | null): void {
    let q = p;
    while (q < e && b[q] !== COMMA) {
      if (b[q] === QUOTE || b[q] === CR) throw new NeedsFullParser();
      q++;
    }
    cursor.end = q;
    if (batch && j >= 0 && (this.keeps[j]! >= 0 || j === this.targetAt)) this.cellText(b, p, q, j, batch);
  }

  /** A --keep or target cell as csv-parse's `trim` gives it (blanks and form feeds before, any white space after). */
  private cellText(b: Uint8Array, p: number, q: number, j: number, batch: RowBatch): void {
    let a = p;
    while (a < q && (b[a] === SP || b[a] === TAB || b[a] === FF)) a++;
    // not UTF-8: decoded with U+FFFD, as the whole-text read decodes it
    const cell = (bytesToLabel(b, a, q) ?? loose.decode(b.subarray(a, q))).trimEnd();
    this.batchText += q - a;
    const k = this.keeps[j]!;
    if (k >= 0) batch.keep[k]![batch.count] = cell;
    if (j === this.targetAt) batch.target![batch.count] = cell;
  }

  private newBatch(): RowBatch {
    const { features, keep, batchRows } = this.spec;
    return {
      first: this.rows,
      count: 0,
      x: new Float64Array(batchRows * features.length),
      keep: keep.map(() => []),
      target: this.targetAt >= 0 ? [] : null,
      lines: [],
    };
  }

  private cut(): void {
    const batch = this.batch;
    if (!batch || batch.count === 0) return;
    batch.x = batch.x.subarray(0, batch.count * this.spec.features.length);
    // a column kept twice (--keep id --keep id) was read into its first slot
    this.spec.keep.forEach((c, j) => (batch.keep[j] = batch.keep[this.spec.keep.indexOf(c)]!));
    this.ready.push(batch);
    this.batch = null;
    this.batchText = 0;
  }
}
