// Writes an MNIST-shaped numeric CSV (label + 784 pixel columns of integers 0..255, uniform, so
// about 168 MB for 60000 rows as the file) with a seeded generator. Shared by
// bench/data-load.js and test/data-large.test.ts.
import { closeSync, openSync, writeSync } from 'node:fs';

export const PIXELS = 784;

/** Cell value of row r, column c (c = 0 is the label 0..9); the test checks values against this. */
export function cell(r, c) {
  let h = Math.imul(r + 1, 0x9e3779b1) ^ Math.imul(c + 7, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 13;
  return c === 0 ? (h >>> 0) % 10 : (h >>> 0) % 256;
}

export function writeMnistCsv(file, rows, options = {}) {
  const fd = openSync(file, 'w');
  try {
    const header = ['label', ...Array.from({ length: PIXELS }, (_, i) => `p${i}`)].join(',');
    writeSync(fd, `${header}\n`);
    let buf = '';
    for (let r = 0; r < rows; r++) {
      const line = [];
      for (let c = 0; c <= PIXELS; c++) line.push(options.bad && options.bad.row === r && options.bad.column === c ? options.bad.text : cell(r, c));
      buf += `${line.join(',')}\n`;
      if (buf.length > 1 << 20) writeSync(fd, buf), (buf = '');
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}
