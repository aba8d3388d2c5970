/** `trainspec predict`: a results folder's model on new raw rows (core in src/predict/). */
import type { Command } from 'commander';
import { loadExperiment } from '../load/load.js';
import { fsHost } from '../load/fs-host.js';
import { PredictError } from '../predict/errors.js';
import { predictIo } from '../predict/predict-input.js';
import { resultsFolder } from '../predict/source.js';
import { loadTrained } from '../predict/trained.js';
import type { BackendChoice } from '../engine/tf.js';

interface PredictFlags {
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

async function predictCommand(source: string, flags: PredictFlags): Promise<number> {
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

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerPredict(program: Command, setCode: (c: number) => void): void {
  program
    .command('predict')
    .description('predict new raw rows with a trained model: a results folder (results/NAME) or its experiment file')
    .argument('<results-or-experiment>', 'results/NAME, or experiments/NAME.yaml (then --results/NAME)')
    .requiredOption('-i, --input <file>', 'rows to predict: .csv or .json (array of objects); - reads CSV from stdin')
    .option('-o, --output <file>', 'write the predictions there (default: stdout)')
    .option('--json', 'JSON lines, then a {"summary": ...} line, instead of CSV')
    .option('--proba', 'add a p_<class> column per class')
    .option('--keep <column>', 'copy an input column to the output (repeatable)', collect)
    .option('--results <dir>', 'results folder, for an experiment file', 'results')
    .option('--backend <name>', 'tfjs backend: auto, tensorflow, cpu, wasm', 'auto')
    .action(async (source: string, flags: PredictFlags) => {
      try {
        setCode(await predictCommand(source, flags));
      } catch (e) {
        if (!(e instanceof PredictError)) throw e;
        process.stderr.write(`trainspec predict: ${e.located}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
        setCode(2);
      }
    });
}
