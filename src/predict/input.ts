/**
 * Input rows for a prediction read whole: JSON, and CSV with quoted fields,
 * through the data layer's table reader (other CSV is streamed: csv-batches.ts).
 */
import { extname } from 'node:path';
import { DataError, parseNumber, parseTable } from '../data/table.js';
import { PredictError } from './errors.js';

export interface InputTable {
  columns: string[];
  rows: Record<string, string>[];
  /** Source line of each row (CSV), for error messages. */
  lines?: number[];
}

export const inputFormat = (file: string, forced?: string): 'csv' | 'json' =>
  forced === 'json' || forced === 'csv' ? forced : extname(file).toLowerCase() === '.json' ? 'json' : 'csv';

/** Parses an input file's text; `file` names it in errors (`-` is stdin). */
export function readInputTable(text: string, format: 'csv' | 'json', file: string): InputTable {
  if (text.trim() === '') throw new PredictError('the input is empty (no header row, no rows)', { file, line: 1 });
  try {
    return parseTable(text, format);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    throw new PredictError(e.message, { file, line: e.line ?? 1 });
  }
}

/** The line a row came from: its CSV line, else (JSON) its 1-based row number is the best position known. */
export const lineOf = (t: InputTable, i: number): number => t.lines?.[i] ?? i + 1;

/** Every listed column must be present; the error names all that are not. */
export function requireColumns(t: InputTable, needed: readonly string[], file: string, what: string): void {
  const missing = needed.filter((c) => !t.columns.includes(c));
  if (missing.length === 0) return;
  const list = missing.map((c) => JSON.stringify(c)).join(', ');
  throw new PredictError(`${what} ${missing.length === 1 ? 'column' : 'columns'} ${list} missing from the input`, {
    file, line: 1, hint: `the model takes ${needed.length} columns by name: ${needed.join(', ')}`,
  });
}

/** The feature values of rows [from, to), as numbers, in the model's column order. */
export function featureRows(t: InputTable, features: readonly string[], from: number, to: number, file: string): number[][] {
  const out: number[][] = [];
  for (let i = from; i < to; i++) {
    const row = t.rows[i]!;
    out.push(features.map((f) => {
      const v = parseNumber(row[f] ?? '');
      if (v === undefined) {
        // the cell is data: name its place, never its text
        const what = row[f] === '' ? 'empty cell' : 'the value is not a number';
        throw new PredictError(`column ${JSON.stringify(f)}, row ${i + 1}: ${what}`, { file, line: lineOf(t, i) });
      }
      return v;
    }));
  }
  return out;
}

/** Checks every cell of `columns` is a number before any output is written (so a bad row late in the file leaves nothing half-written). */
export function checkNumericCells(t: InputTable, columns: readonly string[], file: string, what = 'column'): void {
  for (let i = 0; i < t.rows.length; i++) {
    const row = t.rows[i]!;
    for (const c of columns) {
      if (parseNumber(row[c] ?? '') !== undefined) continue;
      const why = row[c] === '' ? 'empty cell' : 'the value is not a number';
      throw new PredictError(`${what} ${JSON.stringify(c)}, row ${i + 1}: ${why}`, { file, line: lineOf(t, i) });
    }
  }
}
