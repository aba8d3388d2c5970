/**
 * Issue 13: "a 100 MB CSV does not need the whole file in memory twice".
 * predict on a generated ~70 MB CSV (breast-cancer's test rows, repeated)
 * in a child process whose JS heap is capped at 64 MiB: reading the file as
 * one string and a string per cell (what predict did before) cannot fit.
 * The child reports its peak resident memory on exit.
 * In the slow tier (npm run test:all; vitest.config.ts says why): 70 MB written, read and predicted under a capped
 * heap is the subject, and it takes ~5 s of CPU.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess } from './cli-in-process.js';
import { BIN, collect, ROOT, tempDir, type CliResult } from './run-helpers.js';

const MODEL = join(ROOT, 'examples/results/breast-cancer');
const TEST_CSV = join(ROOT, 'experiments/data/breast_cancer-test.csv');
/** Times the 113 test rows are repeated: about 70 MB. */
const REPEAT = 2900;
const HEAP_MIB = 64;
/** Peak resident memory allowed, in KiB: node, tfjs and a batch, far below the file's own 70 MB held twice. */
const MAX_RSS_KIB = 300 * 1024;

function cliWithHeap(args: string[], cwd: string): Promise<CliResult> {
  return collect(spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', './peak-rss.mjs', BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }));
}

describe('predict on a large CSV', () => {
  it(`streams ~70 MB of rows with a ${HEAP_MIB} MiB heap: every row predicted as from the small file, the same accuracy`, async () => {
    const dir = tempDir('predict-memory');
    writeFileSync(join(dir, 'peak-rss.mjs'), "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync('peak-rss.txt', String(process.resourceUsage().maxRSS)));\n");
    const [header, ...rows] = readFileSync(TEST_CSV, 'utf8').trim().split('\n');
    const block = `${rows.join('\n')}\n`;
    const fd = openSync(join(dir, 'big.csv'), 'w');
    writeSync(fd, `${header}\n`);
    for (let k = 0; k < REPEAT; k++) writeSync(fd, block);
    closeSync(fd);
    const args = ['--proba', '--keep', 'malignant', '--backend', 'cpu'];
    try {
      const small = await cliInProcess(['predict', MODEL, '--input', TEST_CSV, ...args]);
      expect(small.code, small.stderr).toBe(0);
      const big = await cliWithHeap(['predict', MODEL, '--input', 'big.csv', '--output', 'out.csv', ...args], dir);
      expect(big.code, big.stderr).toBe(0);
      // the same rows in the same proportion: the same accuracy, over REPEAT times the rows
      expect(big.stderr).toBe(small.stderr.replace(/on \d+ rows/, `on ${rows.length * REPEAT} rows`));
      const want = small.stdout.split('\n');
      const got = readFileSync(join(dir, 'out.csv'), 'utf8').split('\n');
      expect(got.length).toBe(rows.length * REPEAT + 2);
      expect(got[0]).toBe(want[0]);
      const wrong = got.slice(1, -1).findIndex((line, i) => line !== want[1 + (i % rows.length)]);
      expect(wrong).toBe(-1);
      expect(readdirSync(dir).sort()).toEqual(['big.csv', 'out.csv', 'peak-rss.mjs', 'peak-rss.txt']); // no temporary file left
      expect(Number(readFileSync(join(dir, 'peak-rss.txt'), 'utf8'))).toBeLessThan(MAX_RSS_KIB);
    } finally {
      rmSync(join(dir, 'big.csv'), { force: true });
      rmSync(join(dir, 'out.csv'), { force: true });
    }
  }, 600_000);
});
