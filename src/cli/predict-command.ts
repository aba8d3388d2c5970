/** `trainspec predict`: a results folder's model on new raw rows (core in src/predict/). */
import { loadExperiment } from '../load/load.js';
import { fsHost } from '../load/fs-host.js';
import { PredictError } from '../predict/errors.js';
import { predictIo } from '../predict/predict-input.js';
import { resultsFolder } from '../predict/source.js';
import { loadTrained } from '../predict/trained.js';
import type { BackendChoice } from '../engine/choices.js';

export interface PredictFlags {
  input: string;
  output?: string;
  json?: boolean;
  proba?: boolean;
  keep?: string[];
  results: string;
  backend: BackendChoice;
}

function experimentName(yamlFile: string): string {
  const loaded = loadExperiment(yamlFile, { host: fsHost });
  if (!loaded.experiment) throw new PredictError('the experiment is invalid (trainspec validate shows why)', { file: yamlFile, line: 1 });
  return loaded.experiment.name;
}

/** `trainspec predict SOURCE`: its exit code; a prediction that cannot be made is reported here, exit 2. */
export async function predictCommand(source: string, flags: PredictFlags): Promise<number> {
  try {
    return await predictWith(source, flags);
  } catch (e) {
    if (!(e instanceof PredictError)) throw e;
    process.stderr.write(`trainspec predict: ${e.located}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    return 2;
  }
}

async function predictWith(source: string, flags: PredictFlags): Promise<number> {
  const dir = resultsFolder(source, flags.results, experimentName);
  const trained = await loadTrained(dir, { backend: flags.backend });
  try {
    const summary = await predictIo(trained, { input: flags.input, output: flags.output }, { keep: flags.keep, proba: flags.proba, json: flags.json });
    const score = summary.accuracy !== undefined ? `accuracy ${summary.accuracy}` : summary.loss !== undefined ? `loss (mean squared error) ${summary.loss}` : '';
    if (score) process.stderr.write(`${score} on ${summary.rows} rows (target column "${trained.target}")\n`);
    return 0;
  } finally {
    trained.dispose();
  }
}
