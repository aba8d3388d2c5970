// One load of a data file as a run sees it, in a fresh process: validation (loadExperiment
// streams the file: checks every cell, counts rows and classes, hashes it) and the run's
// dataset (prepareDataset: the float32 rows, labels encoded, normalised). Prints JSON with
// the times and the peak resident memory. Usage: node bench/data-load-once.js EXP.yaml
import { prepareDataset } from '../dist/engine/dataset.js';
import { loadExperiment } from '../dist/index.js';

const t0 = performance.now();
const loaded = loadExperiment(process.argv[2]);
if (!loaded.experiment) {
  console.error(JSON.stringify(loaded.issues));
  process.exit(2);
}
const t1 = performance.now();
const data = prepareDataset(loaded.experiment, loaded.abs, loaded.dataFiles);
const t2 = performance.now();
console.log(JSON.stringify({
  validate_ms: t1 - t0, dataset_ms: t2 - t1, total_ms: t2 - t0,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
  rows: data.train.rows + (data.val?.rows ?? 0), features: data.features,
  float32_mb: ((data.train.rows + (data.val?.rows ?? 0)) * data.features * 4) / 2 ** 20,
}));
