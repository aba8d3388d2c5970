// Watch mode over a long session: 50 reruns (or --reruns N) of one experiment in one process,
// through the same Watcher the `watch` command uses. Prints tfjs's tensor count and the
// process's memory after each tenth rerun. Run: node --expose-gc bench/watch-memory.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Watcher } from '../dist/watch/watcher.js';

const reruns = Number(process.argv[process.argv.indexOf('--reruns') + 1]) || 50;
const dir = mkdtempSync(join(tmpdir(), 'trainspec-watch-mem-'));
const file = join(dir, 'a.yaml');
const yaml = (seed) => `seed: ${seed}
data: {generator: uniform_sum, samples: 250}
test: {samples: 200}
model:
  - {type: dense, units: 20, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 20, validation_split: 0.2}
`;
let finished = 0;
const watcher = new Watcher({ out: join(dir, 'results'), backend: 'cpu', emit: (e) => { if (e.event === 'finished') finished++; } });
const tf = await import('@tensorflow/tfjs');
const sample = (n) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rerun: n, tensors: tf.memory().numTensors, heap_mib: +(m.heapUsed / 2 ** 20).toFixed(1), rss_mib: +(m.rss / 2 ** 20).toFixed(1) };
};
const rows = [];
for (let i = 0; i <= reruns; i++) {
  writeFileSync(file, yaml(i));
  watcher.refresh(file);
  await watcher.idle();
  if (i % 10 === 0) rows.push(sample(i));
}
console.table(rows);
console.log(`${finished} runs finished; tensors ${rows[0].tensors} → ${rows.at(-1).tensors}; heap ${rows[1]?.heap_mib} → ${rows.at(-1).heap_mib} MiB (from rerun 10, after warm-up)`);
