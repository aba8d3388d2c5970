/**
 * Runs one resolved experiment: data, model, optimizer and loss from the
 * registries, the training loop, evaluation, and the trained model's
 * artifacts. Frees every tensor it made, also when cancelled or failing.
 */
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { makeRng } from '../data/rng.js';
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import { defaults } from '../registry/entry.js';
import { losses } from '../registry/losses/index.js';
import { optimizers } from '../registry/optimizers/index.js';
import type { Dataset } from './dataset.js';
import { reusableDataset } from './dataset-reuse.js';
import { metricPlan } from './metrics.js';
import { buildModel } from './model.js';
import { withRandom } from './random.js';
import { loadTf, tfjsNodeAvailable, type BackendChoice } from './tf.js';
import { backendChoice } from './backend-plan.js';
import { CancelledError, evaluate, train, type HistoryRow, type Status, type TrainHooks } from './train.js';
import { saveArtifacts, type SavedModel } from './save.js';
import { EngineError, engineChoice, type EngineChoice, type EngineName } from './fused/plan.js';
import { trainFused } from './fused/train.js';

export interface RunOptions extends TrainHooks {
  backend?: BackendChoice;
  /** Which training loop runs: `auto` (default) takes the fused engine where it applies. */
  engine?: EngineChoice;
}

export interface RunOutcome {
  name: string;
  status: Status;
  epochsRun: number;
  history: HistoryRow[];
  /** The last epoch's values and the test set's, Keras 2 names. */
  final: Record<string, number>;
  backend: string;
  /** Why that backend (backend-plan.ts, a few words). */
  backendReason: string;
  /** The training loop that ran, and why (a few words). */
  engine: EngineName;
  engineReason: string;
  /** Wall time of the training loop alone (no loading, model building, evaluation or saving). */
  trainMs: number;
  model: SavedModel;
  /** What was done to the rows before the network saw them (for preprocessing.json). */
  preprocessing: Pick<Dataset, 'featureNames' | 'normalizer' | 'labels' | 'classes'>;
}

export async function runExperiment(
  x: ResolvedExperiment,
  source: { yamlFile: string; dataFiles: DataFile[] },
  opts: RunOptions = {},
): Promise<RunOutcome> {
  const data = reusableDataset(x, source.yamlFile, source.dataFiles);
  // Engine hook: the fused engine (engine/fused/) trains dense and conv stacks on typed arrays and
  // writes the weights back into `model`; it declines (null) data shapes it does not handle. tfjs otherwise.
  let { engine, reason: engineReason } = engineChoice(x, opts.engine);
  const choice = opts.backend ?? 'auto';
  // tfjs-node is loaded (to see whether it can be) only when auto may pick it
  const planned = backendChoice(x, data.features, engine, choice, choice === 'auto' && (await tfjsNodeAvailable()));
  const { tf, backend } = await loadTf(planned.backend);
  const lossEntry = losses.get(x.compile.loss.type)!;
  const lossFn = lossEntry.build(tf, defaults(lossEntry.params as TProperties, x.compile.loss));
  const plan = metricPlan(tf, x.compile.metrics, data.labels);
  const optEntry = optimizers.get(x.compile.optimizer.type)!;
  let model: TF.Sequential | null = null;
  let optimizer: TF.Optimizer | null = null;
  try {
    model = withRandom(makeRng(x.seed, 'init'), () => buildModel(tf, x.model, data.features));
    const started = performance.now();
    let trained = engine === 'fused' ? await trainFused(tf, model, x, data, plan, makeRng(x.seed, 'train'), opts) : null;
    if (!trained) {
      if (opts.engine === 'fused') throw new EngineError(`--engine fused cannot train ${x.name}: its data does not have the shapes the fused engine handles`);
      if (engine === 'fused') {
        engineReason = 'auto: the data does not have the shapes the fused engine handles';
        if (choice === 'auto') planned.reason = `auto: ${backend}, which the model was built on before the fused engine declined its data`;
      }
      engine = 'tfjs';
      optimizer = await optEntry.build(tf, x.compile.optimizer);
      trained = await train(tf, model, optimizer, lossFn, plan, data, x.fit, makeRng(x.seed, 'train'), opts);
    }
    const trainMs = performance.now() - started;
    const last = trained.history[trained.history.length - 1] ?? { epoch: 0 };
    const final: Record<string, number> = {};
    for (const [k, v] of Object.entries(last)) if (k !== 'epoch') final[k] = v;
    if (data.test && trained.status !== 'diverged') {
      for (const [k, v] of Object.entries(await evaluate(tf, model, lossFn, plan, data.test, opts.signal))) final[`test_${k}`] = v;
    }
    // A cancel that arrived during the last epoch or the test pass: nothing of this run may be written.
    if (opts.signal?.aborted) throw new CancelledError();
    const saved = await saveArtifacts(tf, model);
    return { name: x.name, status: trained.status, epochsRun: trained.epochsRun, history: trained.history, final, backend, backendReason: planned.reason, engine, engineReason, trainMs, model: saved,
      preprocessing: { featureNames: data.featureNames, normalizer: data.normalizer, labels: data.labels, classes: data.classes } };
  } finally {
    optimizer?.dispose();
    model?.dispose();
  }
}
