/**
 * A data file's chunks share one buffer (src/load/file-chunks.ts: a fresh 1 MiB per chunk cost a 168 MB CSV ~10% of
 * its load time), so every reader copies what it keeps past a chunk: the line that a chunk leaves unfinished
 * (csv-lines.ts), and the whole text of a file read whole (data-file.ts). Read from disk, files whose lines cross
 * chunk boundaries, one line spanning three chunks, give the same values as the same bytes held in memory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvLines } from '../src/data/csv-lines.js';
import { readDataFile } from '../src/load/data-file.js';
import { fsHost } from '../src/load/fs-host.js';
import { memoryHost } from '../src/load/host.js';
import { tempDir } from './run-helpers.js';

const MiB = 2 ** 20;

/**
 * Rows of `width` integer features (zero-padded to `pad` digits) and a 0/1 label; `quoted` puts the label in quotes
 * (the read-whole path, csv-parse: its cost is per cell, so that test pads its cells instead of adding more).
 */
function csv(rows: number, width: number, quoted = false, pad = 1): string {
  const header = [...Array.from({ length: width }, (_, j) => `f${j}`), 'label'].join(',');
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const cells = Array.from({ length: width }, (_, j) => String((i * 7919 + j * 104729) % 1000).padStart(pad, '0'));
    lines.push([...cells, quoted ? `"${i % 2}"` : String(i % 2)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The values read from disk (chunks through one buffer) and from the same bytes in memory (one chunk). */
function both(text: string) {
  const file = join(tempDir('chunks'), 'data.csv');
  writeFileSync(file, text);
  const spec = { target: 'label', regression: false };
  const disk = readDataFile(fsHost, file, 'data.csv', 'csv', spec, true);
  const memory = readDataFile(memoryHost({ [file]: text }), file, 'data.csv', 'csv', spec, true);
  if (!disk.ok || !memory.ok) throw new Error(`not read: ${JSON.stringify([disk, memory]).slice(0, 300)}`);
  return { disk, memory };
}

const sameValues = (a: Float32Array | Float64Array, b: Float32Array | Float64Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('data files read in chunks through one buffer', () => {
  it('streamed CSV: lines crossing every chunk boundary give the values the bytes in memory give', () => {
    // ~3.2 MB in rows of ~4 KB: three chunk boundaries, each inside a row
    const text = csv(900, 1000);
    expect(text.length).toBeGreaterThan(3 * MiB);
    const { disk, memory } = both(text);
    expect(disk.data!.rows).toBe(900);
    expect(sameValues(disk.data!.x, memory.data!.x)).toBe(true);
    expect(sameValues(disk.data!.y, memory.data!.y)).toBe(true);
    expect(disk.sha256).toBe(memory.sha256);
  });

  it('CSV read whole (quoted cells): every chunk is copied before the next overwrites it', () => {
    const text = csv(40, 1000, true, 30);
    expect(text.length).toBeGreaterThan(MiB);
    const { disk, memory } = both(text);
    expect(disk.data!.rows).toBe(40);
    expect(sameValues(disk.data!.x, memory.data!.x)).toBe(true);
    expect(Array.from(disk.data!.y.subarray(0, 4))).toEqual([0, 1, 0, 1]);
  });

  it('a line spanning three chunks of a reused buffer is whole, and so is every line around it', () => {
    const long = 'x'.repeat(2500);
    const text = `a\n${'b,'.repeat(300)}b\n${long}\nc\nlast`;
    const want = text.split('\n');
    for (const size of [7, 1000, 1024]) {
      const got: string[] = [];
      const lines = new CsvLines((b, s, e) => got.push(Buffer.from(b.subarray(s, e)).toString()));
      // one buffer, overwritten chunk after chunk, as fileChunks does
      const buffer = Buffer.alloc(size);
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += size) {
        const n = bytes.copy(buffer, 0, at, at + size);
        lines.push(buffer.subarray(0, n));
        buffer.fill(0x3f);
      }
      lines.end();
      expect(got, `chunks of ${size} bytes`).toEqual(want);
    }
  });
});
