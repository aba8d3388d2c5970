/**
 * Streams a CSV file's bytes into typed arrays: no string per cell, no object
 * per row. Numbers are parsed straight from the bytes (exactly as `Number()`
 * would: Clinger's fast path, else `Number` on the cell's text); class labels
 * are interned. Quoted fields (and lone-CR line ends) are csv-parse's job:
 * the reader throws NeedsFullParser and the caller falls back (see data-file.ts).
 * Error messages name the row, line and column name, never a cell's text.
 */
import { bytesToLabel, cursor, featuresOnly, parseCell, parseField } from './csv-cells.js';
import { CsvLines } from './csv-lines.js';
import type { DataFacts, NumericData } from './numeric-data.js';
import { checkHeader, DataError, resolveColumns, sortClassNames } from './table.js';

/** The file needs the full CSV grammar (quotes): parse it with csv-parse instead. */
export class NeedsFullParser extends Error {}

/** The estimated values (from the file size and the first rows) would not fit in memory. */
export class DataTooLarge extends DataError {}

export interface CsvNumericOptions {
  /** The label column; null reads features only (predicting: y stays 0, classes null). */
  target: string | null;
  features?: string[];
  regression: boolean;
  /** Keep the values (a run), or only check them (validation: rows and classes, no allocation). */
  store: boolean;
  /** The file's size in bytes, to size the arrays once instead of growing them. */
  sizeHint?: number;
  /** Bytes the values may take (as float32); a larger estimate is an error before anything is allocated. */
  budgetBytes?: number;
}

const NL = 10, CR = 13, COMMA = 44, QUOTE = 34, SP = 32, TAB = 9;
const FEATURE_SKIP = -2, TARGET = -1;

export class CsvNumericReader {
  private readonly lines = new CsvLines((b, s, e) => (this.columns ? this.record(b, s, e) : this.header(b, s, e)));
  /** Whether the first chunk has given the average line length (sizes the arrays). */
  private sized = false;
  private columns: string[] | null = null;
  private featureNames: string[] = [];
  /** Per header column: its feature slot, TARGET or FEATURE_SKIP. */
  private roles = new Int32Array(0);
  private bounds = new Int32Array(0);
  private width = 0;
  private rows = 0;
  private capacity = 0;
  private x: Float32Array | Float64Array = new Float32Array(0);
  private y = new Float64Array(0);
  private labelIds = new Map<string, number>();
  private avgLine = 0;
  private f32 = true;
  /** The target's field index, and its trimmed bounds in the current line. */
  private targetAt = -1;

  constructor(private readonly opts: CsvNumericOptions) {}

  private get lineNo(): number {
    return this.lines.lineNo;
  }

  push(chunk: Uint8Array): void {
    if (!this.sized) {
      this.sized = true;
      let lines = 0;
      for (let i = chunk.indexOf(NL); i >= 0; i = chunk.indexOf(NL, i + 1)) lines++;
      this.avgLine = chunk.length / Math.max(lines, 1);
    }
    this.lines.push(chunk);
  }

  /** The data (store) or its facts (check only). */
  end(): NumericData | DataFacts {
    this.lines.end();
    if (!this.columns) throw new DataError('CSV data is empty (no header row)');
    if (this.rows === 0) throw new DataError('csv data has no rows');
    const classes = this.opts.regression || this.opts.target === null ? null : sortClassNames(this.labelIds.keys());
    if (!this.opts.store) return { rows: this.rows, features: this.width, classes };
    if (classes) {
      const order = new Float64Array(this.labelIds.size);
      const index = new Map(classes.map((c, i) => [c, i]));
      for (const [name, id] of this.labelIds) order[id] = index.get(name)!;
      for (let i = 0; i < this.rows; i++) this.y[i] = order[this.y[i]!]!;
    }
    const used = this.rows * this.width;
    // untouched pages of an over-estimated array are never resident; a large overshoot is given back
    const x = this.capacity > this.rows * 1.25 ? this.x.slice(0, used) : this.x.subarray(0, used);
    return { rows: this.rows, featureNames: this.featureNames, x, y: this.y.subarray(0, this.rows), classes };
  }

  private header(b: Uint8Array, s: number, e: number): void {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(s, e));
    } catch {
      throw new DataError('not valid UTF-8 text', { line: this.lineNo });
    }
    if (text.includes('"') || text.includes('\r')) throw new NeedsFullParser();
    const columns = text.split(',').map((c) => c.trim());
    checkHeader(columns, this.lineNo);
    const { target } = this.opts;
    const features = target !== null ? resolveColumns(columns, { ...this.opts, target }) : featuresOnly(columns, this.opts.features);
    const slot = new Map(features.map((f, i) => [f, i]));
    this.roles = Int32Array.from(columns, (c) => (c === this.opts.target ? TARGET : slot.get(c) ?? FEATURE_SKIP));
    this.bounds = new Int32Array(2);
    this.targetAt = target === null ? -1 : columns.indexOf(target);
    this.columns = columns;
    this.featureNames = features;
    this.width = features.length;
    const rows = Math.ceil(((this.opts.sizeHint ?? 0) / Math.max(this.avgLine, 1)) * 1.05) + 16;
    this.checkBudget(rows);
    if (this.opts.store) this.grow(rows);
  }

  private checkBudget(rows: number): void {
    const need = rows * this.width * 4;
    if (this.opts.budgetBytes === undefined || need <= this.opts.budgetBytes) return;
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
    throw new DataTooLarge(`about ${rows} rows × ${this.width} features (estimated from the file size and its first rows) need about ${mib(need)} as float32; this machine has ${mib(this.opts.budgetBytes)} to use`);
  }

  /** Reads the fields in one pass (numbers parsed as their bytes are met); a bad cell waits until the field count is known. */
  private record(b: Uint8Array, s: number, e: number): void {
    const n = this.roles.length;
    const roles = this.roles;
    const store = this.opts.store;
    if (store && this.rows === this.capacity) {
      this.checkBudget(Math.ceil(this.capacity * 1.25) + 1024);
      this.grow(Math.ceil(this.capacity * 1.25) + 1024);
    }
    const base = this.rows * this.width;
    let bad = -1, badEmpty = false;
    let fields = 0;
    for (let p = s; ; p = cursor.end + 1) {
      const role = fields < n ? roles[fields]! : FEATURE_SKIP;
      if (role >= 0) {
        cursor.quote = false;
        const v = parseField(b, p, e);
        if (cursor.quote) throw new NeedsFullParser();
        if (v !== v) {
          if (bad < 0) bad = fields, badEmpty = cursor.empty;
        } else if (store) {
          if (this.f32 && Math.fround(v) !== v) this.promote();
          this.x[base + role] = v;
        }
      } else this.skipField(b, p, e, fields, role);
      fields++;
      if (cursor.end >= e) break;
    }
    if (fields !== n) throw new DataError(`ragged row: ${fields} fields, the header has ${n}`, { line: this.lineNo });
    if (bad >= 0) this.cellError('feature', bad, badEmpty ? 'empty cell' : 'the value is not a number');
    if (this.targetAt >= 0) this.target(b, this.bounds[0]!, this.bounds[1]!, this.targetAt);
    this.rows++;
  }

  /** A field that is not a feature: the target's bounds are kept for after the count check. */
  private skipField(b: Uint8Array, p: number, e: number, j: number, role: number): void {
    let q = p;
    while (q < e && b[q] !== COMMA) {
      if (b[q] === QUOTE || b[q] === CR) throw new NeedsFullParser();
      q++;
    }
    cursor.end = q;
    if (role !== TARGET) return;
    let a = p, z = q;
    while (a < z && (b[a] === SP || b[a] === TAB)) a++;
    while (z > a && (b[z - 1] === SP || b[z - 1] === TAB)) z--;
    this.bounds[0] = a;
    this.bounds[1] = z;
    this.targetAt = j;
  }

  private target(b: Uint8Array, a: number, z: number, j: number): void {
    if (this.opts.regression) {
      const v = parseCell(b, a, z);
      if (v !== v) this.cellError('target', j, a === z ? 'empty cell' : 'the value is not a number');
      if (this.opts.store) this.y[this.rows] = v;
      return;
    }
    if (a === z) this.cellError('target', j, 'empty label');
    const label = bytesToLabel(b, a, z);
    if (label === undefined) throw new DataError('not valid UTF-8 text', { line: this.lineNo });
    let id = this.labelIds.get(label);
    if (id === undefined) this.labelIds.set(label, (id = this.labelIds.size));
    if (this.opts.store) this.y[this.rows] = id;
  }

  private cellError(what: 'feature' | 'target', j: number, problem: string): never {
    const name = JSON.stringify(this.columns![j]);
    // the cell itself is data: name its place, never its text
    throw new DataError(`${what} column ${name}, row ${this.rows + 1} (line ${this.lineNo}): ${problem}`, { line: this.lineNo, column: j + 1 });
  }

  private grow(capacity: number): void {
    const x = this.x instanceof Float32Array ? new Float32Array(capacity * this.width) : new Float64Array(capacity * this.width);
    x.set(this.x.subarray(0, this.rows * this.width));
    const y = new Float64Array(capacity);
    y.set(this.y.subarray(0, this.rows));
    this.x = x;
    this.y = y;
    this.capacity = capacity;
  }

  /** A value float32 cannot hold exactly: keep float64, so results equal those of the float64 pipeline. */
  private promote(): void {
    const x = new Float64Array(this.capacity * this.width);
    x.set(this.x.subarray(0, this.rows * this.width + this.width));
    this.x = x;
    this.f32 = false;
  }
}
