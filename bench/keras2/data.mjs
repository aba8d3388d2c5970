// Dumps the rows trainspec trains the tutorial's hinge job on, one JSON line per seed, for
// bench/keras2/reference.py (identical rows on both sides). Run after `npm run build`:
//   node bench/keras2/data.mjs 1 8 > /tmp/hinge-rows.jsonl      # seeds 1..8
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../../dist/load/load.js';
import { memoryHost } from '../../dist/load/host.js';
import { prepareDataset } from '../../dist/engine/dataset.js';

const yamlFile = fileURLToPath(new URL('../../experiments/keras-seed-hinge.yaml', import.meta.url));
const [first = 1, last = 5] = process.argv.slice(2).map(Number);
for (let seed = first; seed <= last; seed++) {
  const host = memoryHost({ [yamlFile]: readFileSync(yamlFile, 'utf8') });
  const r = loadExperiment(yamlFile, { host, overrides: [`seed=${seed}`] });
  if (!r.experiment) throw new Error(JSON.stringify(r.issues));
  const d = prepareDataset(r.experiment, r.abs, r.dataFiles);
  const flat = (rows) => rows.map((row) => row.map((v) => Math.fround(v)));
  process.stdout.write(`${JSON.stringify({ seed, train_x: flat(d.train.x), train_y: d.train.y.map((v) => v[0]), val_x: flat(d.val.x), val_y: d.val.y.map((v) => v[0]), test_x: flat(d.test.x), test_y: d.test.y.map((v) => v[0]) })}\n`);
}
