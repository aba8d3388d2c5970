/** Cells of a CSV read straight from its bytes (see csv-numeric.ts). */
import { columnList, DataError } from './table.js';

const D0 = 48, DOT = 46, PLUS = 43, MINUS = 45, LOWER_E = 101, UPPER_E = 69;
/** 10^0..10^22 are exact doubles: one multiply or divide by them rounds correctly (Clinger). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The decimal number in b[s, e) (already trimmed), or NaN when the cell is
 * not one: the grammar of table.ts's parseNumber (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`,
 * finite), and the value `Number()` gives, to the last bit.
 */
export function parseCell(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let negative = false;
  if (i < e && (b[i] === PLUS || b[i] === MINUS)) negative = b[i++] === MINUS;
  let m = 0, significant = 0, exp10 = 0, digits = false, exact = true;
  for (; i < e; i++) {
    const d = b[i]! - D0;
    if (d < 0 || d > 9) break;
    digits = true;
    if (significant < 15) {
      m = m * 10 + d;
      if (m !== 0) significant++;
    } else {
      exp10++;
      exact = false;
    }
  }
  if (i < e && b[i] === DOT) {
    for (i++; i < e; i++) {
      const d = b[i]! - D0;
      if (d < 0 || d > 9) break;
      digits = true;
      if (significant < 15) {
        m = m * 10 + d;
        if (m !== 0) significant++;
        exp10--;
      } else exact = false;
    }
  }
  if (!digits) return NaN;
  if (i < e && (b[i] === LOWER_E || b[i] === UPPER_E)) {
    i++;
    let expNegative = false;
    if (i < e && (b[i] === PLUS || b[i] === MINUS)) expNegative = b[i++] === MINUS;
    let ex = 0;
    const from = i;
    for (; i < e; i++) {
      const d = b[i]! - D0;
      if (d < 0 || d > 9) break;
      if (ex < 1e6) ex = ex * 10 + d;
    }
    if (i === from) return NaN;
    exp10 += expNegative ? -ex : ex;
  }
  if (i !== e) return NaN;
  if (!exact || exp10 > 22 || exp10 < -22) return slowNumber(b, s, e);
  const v = exp10 >= 0 ? m * POW10[exp10]! : m / POW10[-exp10]!;
  return negative ? -v : v;
}

/** More than 15 significant digits or a large exponent: let V8 round it (the grammar is already checked, so the text is ASCII). */
function slowNumber(b: Uint8Array, s: number, e: number): number {
  const v = Number(String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]));
  return Number.isFinite(v) ? v : NaN;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A label's text; undefined when the bytes are not UTF-8. */
export function bytesToLabel(b: Uint8Array, s: number, e: number): string | undefined {
  let ascii = true;
  for (let i = s; i < e; i++) if (b[i]! > 0x7f) ascii = false;
  if (ascii && e - s < 4096) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  try {
    return utf8.decode(b.subarray(s, e));
  } catch {
    return undefined;
  }
}

const COMMA = 44, QUOTE = 34, CR = 13, SP = 32, TAB = 9;

/** Where parseField stopped: the field's end (a comma or the line's end), and what it saw. */
export const cursor = { end: 0, empty: false, quote: false };

/**
 * The number in the field starting at p (leading and trailing blanks
 * skipped), in one pass over its bytes; NaN when the field is not a number.
 * Sets cursor.end to the comma (or e) that ends the field.
 */
export function parseField(b: Uint8Array, p: number, e: number): number {
  let i = p;
  while (i < e && (b[i] === SP || b[i] === TAB)) i++;
  const a = i;
  let negative = false;
  if (i < e && (b[i] === PLUS || b[i] === MINUS)) negative = b[i++] === MINUS;
  let m = 0, significant = 0, exp10 = 0, digits = false, exact = true;
  for (; i < e; i++) {
    const d = b[i]! - D0;
    if (d < 0 || d > 9) break;
    digits = true;
    if (significant < 15) {
      m = m * 10 + d;
      if (m !== 0) significant++;
    } else exp10++, (exact = false);
  }
  if (i < e && b[i] !== COMMA) return parseCellRest(b, p, a, e);
  cursor.end = i;
  cursor.empty = a === i;
  if (!digits || !exact) return digits ? parseCell(b, a, i) : NaN;
  return negative ? -m : m;
}

/** Not a plain integer: find the field's end, then parse it as a whole. */
function parseCellRest(b: Uint8Array, p: number, a: number, e: number): number {
  let q = a;
  cursor.quote = false;
  while (q < e && b[q] !== COMMA) {
    if (b[q] === QUOTE || b[q] === CR) cursor.quote = true;
    q++;
  }
  cursor.end = q;
  let z = q;
  while (z > a && (b[z - 1] === SP || b[z - 1] === TAB)) z--;
  cursor.empty = a === z;
  return cursor.quote ? NaN : parseCell(b, a, z);
}

/** Without a target: the listed feature columns (each must exist), or all of them. */
export function featuresOnly(columns: string[], listed: string[] | undefined): string[] {
  for (const f of listed ?? []) {
    if (!columns.includes(f)) throw new DataError(`feature column ${JSON.stringify(f)} not found (columns: ${columnList(columns)})`);
  }
  return listed ?? columns;
}

export function concat(pieces: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) out.set(p, at), (at += p.length);
  return out;
}

