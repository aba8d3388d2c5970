/**
 * Tabular data files (CSV with a header row, or a JSON array of flat objects)
 * parsed into string cells, then into RawData. Pure: the caller reads the file.
 */
import { parse } from 'csv-parse/sync';
import type { RawData } from './types.js';

/** A malformed or unusable data file. `line`/`column` are 1-based text positions when known. */
export class DataError extends Error {
  readonly line?: number;
  readonly column?: number;
  constructor(message: string, where: { line?: number; column?: number } = {}) {
    super(message);
    this.name = 'DataError';
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

/** Every cell is a string (JSON numbers/booleans are stringified), so CSV and JSON behave alike. */
export interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** Source line of each row (CSV only), for error messages. */
  lines?: number[];
}

export function parseTable(text: string, format: 'csv' | 'json'): Table {
  const table = format === 'csv' ? parseCsv(text) : parseJson(text);
  if (table.rows.length === 0) throw new DataError(`${format} data has no rows`);
  return table;
}

export function checkHeader(columns: string[], line?: number): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') throw new DataError('empty column name in header', { line });
    if (seen.has(c)) throw new DataError(`duplicate column name ${JSON.stringify(c)}`, { line });
    seen.add(c);
  }
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function parseCsv(text: string): Table {
  let records: CsvRecord[];
  try {
    const opts = { bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: true } as const;
    records = parse(text, opts) as CsvRecord[];
  } catch (err) {
    // csv-parse's messages quote the offending field: name the problem by its code, never the data
    const e = err as { code?: string; lines?: number };
    const what = typeof e.code === 'string' ? e.code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' ') : 'cannot be parsed';
    throw new DataError(`malformed CSV: ${what}`, { line: e.lines });
  }
  if (records.length === 0) throw new DataError('CSV data is empty (no header row)');
  const [head, ...body] = records;
  const columns = head.record;
  checkHeader(columns, head.info.lines);
  for (const { record, info } of body) {
    if (record.length !== columns.length) {
      const msg = `ragged row: ${record.length} fields, the header has ${columns.length}`;
      throw new DataError(msg, { line: info.lines });
    }
  }
  const rows = body.map(({ record }) => Object.fromEntries(columns.map((c, i) => [c, record[i]])));
  return { columns, rows, lines: body.map((r) => r.info.lines) };
}

/** Converts a JSON.parse error's character position (Node 20 style) to a line and column. */
function jsonErrorWhere(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return {};
  const before = text.slice(0, Number(pos[1])).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function cellString(v: unknown, row: number, key: string): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new DataError(`row ${row}, column ${JSON.stringify(key)}: expected a string, number or boolean, got ${v === null ? 'null' : typeof v}`);
}

function parseJson(text: string): Table {
  const src = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch (err) {
    // V8's message quotes the text around the error: keep the position only, never the data
    const where = jsonErrorWhere(src, (err as Error).message);
    throw new DataError(`malformed JSON${where.line !== undefined ? ` at line ${where.line}, column ${where.column}` : ''}`, where);
  }
  if (!Array.isArray(data)) throw new DataError('JSON data must be an array of objects (one per row)');
  if (data.length === 0) return { columns: [], rows: [] };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(data[0])) throw new DataError('row 1: expected an object');
  const columns = Object.keys(data[0]);
  checkHeader(columns);
  const rows = data.map((item: unknown, i) => {
    const n = i + 1;
    if (!isObject(item)) throw new DataError(`row ${n}: expected an object`);
    const keys = Object.keys(item);
    const missing = columns.filter((c) => !(c in item));
    const extra = keys.filter((k) => !columns.includes(k));
    if (missing.length || extra.length) {
      const parts = [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''];
      throw new DataError(`ragged row ${n}: ${parts.filter(Boolean).join('; ')} (row 1 has ${columnList(columns)})`);
    }
    return Object.fromEntries(columns.map((c) => [c, cellString(item[c], n, c)]));
  });
  return { columns, rows };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a decimal number (no hex, no empty string, no NaN/Infinity), or undefined. */
export function parseNumber(s: string): number | undefined {
  if (!NUMBER.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** Numeric order when every name is a number, else natural order ('x2' < 'x10'); ties by code point. */
export function sortClassNames(names: Iterable<string>): string[] {
  const list = [...new Set(names)];
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const nums = list.map(parseNumber);
  if (nums.every((v) => v !== undefined)) {
    const value = new Map(list.map((s, i) => [s, nums[i] as number]));
    return list.sort((a, b) => (value.get(a) as number) - (value.get(b) as number) || byCode(a, b));
  }
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const natural = (a: string, b: string): number => {
    const ca = chunks(a);
    const cb = chunks(b);
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      const x = ca[i];
      const y = cb[i];
      if (/^\d/.test(x) && /^\d/.test(y)) {
        const d = BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0;
        if (d) return d;
      } else if (x !== y) return byCode(x, y);
    }
    return ca.length - cb.length || byCode(a, b);
  };
  return list.sort(natural);
}

/**
 * The header's column names for a message, shortened: a file that is not a
 * table (a `.env` read as CSV) has its first line as the "header", and a
 * message must not print it whole.
 */
export function columnList(columns: readonly string[]): string {
  const short = (c: string) => (c.length > 24 ? `${c.slice(0, 8)}…` : c);
  const shown = columns.slice(0, 10).map(short).join(', ');
  return columns.length > 10 ? `${shown}, … ${columns.length} in all` : shown;
}

export interface TableToRawOptions {
  target: string;
  /** Feature columns, in order; default: every column except the target. */
  features?: string[];
  regression: boolean;
}

/** The feature columns to read, in order; throws when the target or a feature is not in the header. */
export function resolveColumns(columns: readonly string[], opts: Omit<TableToRawOptions, 'regression'>): string[] {
  const { target } = opts;
  const known = (c: string) => columns.includes(c);
  const listed = columnList(columns);
  if (!known(target)) throw new DataError(`target column ${JSON.stringify(target)} not found (columns: ${listed})`);
  const features = opts.features ?? columns.filter((c) => c !== target);
  if (features.length === 0) throw new DataError('no feature columns');
  for (const f of features) {
    if (!known(f)) throw new DataError(`feature column ${JSON.stringify(f)} not found (columns: ${listed})`);
    if (f === target) throw new DataError(`column ${JSON.stringify(f)} is both the target and a feature`);
  }
  return features;
}

export function tableToRaw(table: Table, opts: TableToRawOptions): RawData {
  const { target, regression } = opts;
  const features = resolveColumns(table.columns, opts);
  const where = (i: number) => {
    const line = table.lines?.[i];
    return { text: line === undefined ? `row ${i + 1}` : `row ${i + 1} (line ${line})`, line };
  };
  const numberAt = (i: number, col: string, what: string): number => {
    const cell = table.rows[i][col];
    const v = parseNumber(cell);
    if (v === undefined) {
      const w = where(i);
      // the cell itself is data: name its place, never its text
      throw new DataError(`${what} column ${JSON.stringify(col)}, ${w.text}: ${cell === '' ? 'empty cell' : 'the value is not a number'}`, { line: w.line });
    }
    return v;
  };
  const x = table.rows.map((_, i) => features.map((f) => numberAt(i, f, 'feature')));
  if (regression) {
    const y = table.rows.map((_, i) => numberAt(i, target, 'target'));
    return { x, y, classes: null, featureNames: [...features] };
  }
  table.rows.forEach((r, i) => {
    if (r[target] === '') {
      const w = where(i);
      throw new DataError(`target column ${JSON.stringify(target)}, ${w.text}: empty label`, { line: w.line });
    }
  });
  const classes = sortClassNames(table.rows.map((r) => r[target]));
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = table.rows.map((r) => index.get(r[target]) as number);
  return { x, y, classes, featureNames: [...features] };
}
