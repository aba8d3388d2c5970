// The 27-run sweep in one process through trainspec's API, like the peers' sweep scripts:
// every *.yaml in DIR (sorted) trained one after another; prints a RESULT line per run and
//   SWEEP {"impl": ..., "runs": 27, "total_ms": <sum of train_ms>, "wall_ms": <first start to last end>}
// wall_ms includes loading and validating each file, data, model building, evaluation and
// the in-memory model artifacts (not writing results folders: `trainspec run` does that).
//   node bench/sweep-once.js DIR [--engine fused|tfjs|auto]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment, runExperiment } from '../dist/index.js';

const args = process.argv.slice(2);
const dir = args[0];
const engine = args.includes('--engine') ? args[args.indexOf('--engine') + 1] : 'auto';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
let total = 0;
const accs = [];
const engines = new Set();
const w0 = performance.now();
for (const f of files) {
  const loaded = loadExperiment(join(dir, f));
  if (!loaded.experiment) throw new Error(`${f}: ${loaded.issues.map((i) => i.message).join('; ')}`);
  const out = await runExperiment(loaded, { engine });
  total += out.trainMs;
  accs.push(out.final.test_accuracy);
  engines.add(out.engine);
  console.log(`RESULT ${JSON.stringify({ impl: `trainspec-${out.engine}`, file: f, train_ms: +out.trainMs.toFixed(3), test_acc: out.final.test_accuracy })}`);
}
const w1 = performance.now();
accs.sort((a, b) => a - b);
console.log(`SWEEP ${JSON.stringify({
  impl: `trainspec-${[...engines].join('+')}`, runs: files.length, total_ms: +total.toFixed(1), wall_ms: +(w1 - w0).toFixed(1),
  min_test_acc: accs[0], median_test_acc: accs[Math.floor(accs.length / 2)],
})}`);
