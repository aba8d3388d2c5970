/** `trainspec predict`: a results folder's model on new raw rows (core in src/predict/). */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { loadExperiment } from '../load/load.js';
import { fsHost } from '../load/fs-host.js';
import { PredictError } from '../predict/errors.js';
import { inputFormat, readInputTable } from '../predict/input.js';
import { predictTable } from '../predict/predict-table.js';
import { readInputText, resultsFolder } from '../predict/source.js';
import { readStdinText } from '../predict/stdin.js';
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
  const shownInput = flags.input === '-' ? '<stdin>' : flags.input;
  const dir = resultsFolder(source, flags.results, experimentName);
  const trained = await loadTrained(dir, { backend: flags.backend });
  try {
    const text = flags.input === '-' ? await readStdinText() : readInputText(flags.input);
    const table = readInputTable(text, inputFormat(flags.input), shownInput);
    const toFile = flags.output !== undefined && flags.output !== '-';
    const chunks: string[] = [];
    // A file is written whole or not at all: to a temporary name beside it, renamed at the end.
    const write = toFile ? (s: string) => void chunks.push(s) : (s: string) => void process.stdout.write(s);
    const summary = await predictTable(trained, table, { file: shownInput, keep: flags.keep, proba: flags.proba, json: flags.json }, write);
    if (toFile) {
      const tmp = join(dirname(flags.output!), `.${basename(flags.output!)}.tmp-${process.pid}`);
      try {
        writeFileSync(tmp, chunks.join(''));
        renameSync(tmp, flags.output!);
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    const score = summary.accuracy !== undefined ? `accuracy ${summary.accuracy}` : summary.loss !== undefined ? `loss (mean squared error) ${summary.loss}` : '';
    if (score) process.stderr.write(`${score} on ${summary.rows} rows (target column "${trained.target}")\n`);
    return 0;
  } finally {
    trained.dispose();
  }
}
