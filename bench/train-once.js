// One training of an experiment file in a fresh process, like the peers' seed scripts: prints
//   RESULT {"impl": "trainspec-<engine>", "train_ms": ..., "steps": ..., "us_per_step": ..., "test_acc": ...}
// train_ms is the training loop alone (runExperiment's trainMs: no imports, data, model building,
// evaluation or saving), so it compares with the peers' train_ms.
//   node bench/train-once.js FILE.yaml [--engine fused|tfjs|auto] [--backend cpu|wasm|auto] [--runs K]
import { loadExperiment, runExperiment } from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const file = args[0];
const engine = opt('--engine', 'auto');
const backend = opt('--backend', 'auto');
const runs = Number(opt('--runs', '1'));

const loaded = loadExperiment(file);
if (!loaded.experiment) throw new Error(`${file}: ${loaded.issues.map((i) => i.message).join('; ')}`);
const x = loaded.experiment;
const trainRows = Math.floor(x.data.samples * (1 - x.fit.validation_split));
for (let r = 0; r < runs; r++) {
  const out = await runExperiment(loaded, { engine, backend });
  const steps = out.epochsRun * Math.ceil(trainRows / x.fit.batch_size);
  console.log(`RESULT ${JSON.stringify({
    impl: `trainspec-${out.engine}`, backend: out.backend, train_ms: +out.trainMs.toFixed(3), steps,
    us_per_step: +((out.trainMs * 1e3) / steps).toFixed(3), test_acc: out.final.test_accuracy, loss: out.final.loss,
  })}`);
}
