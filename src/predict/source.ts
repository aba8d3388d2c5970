/** Where a prediction's input and model come from: the results folder of a path or an experiment, and the input's text. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PredictError } from './errors.js';

/** Inputs read whole (JSON, quoted CSV, stdin's held bytes) above this are refused before reading (the reader holds the text and its rows). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** The results folder for `arg`: itself when a folder, `resultsRoot/NAME` for an experiment file (NAME from `nameOf`). */
export function resultsFolder(arg: string, resultsRoot: string, nameOf: (yamlFile: string) => string): string {
  const st = statSync(arg, { throwIfNoEntry: false });
  if (!st) throw new PredictError('no such results folder or experiment file', { file: arg, line: 1 });
  if (st.isDirectory()) return arg;
  if (/\.ya?ml$/i.test(arg)) return join(resultsRoot, nameOf(arg));
  throw new PredictError('expected a results folder (results/NAME) or an experiment file (.yaml)', { file: arg, line: 1 });
}

/** An input file's text, bounded before it is read (stdin, `-`, is read by stdin.ts). */
export function readInputText(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) throw new PredictError('input file not found', { file, line: 1 });
  if (!st.isFile()) throw new PredictError('the input is not a file', { file, line: 1 });
  if (st.size > MAX_INPUT_BYTES) throw new PredictError(`the input is larger than ${MAX_INPUT_BYTES} bytes`, { file, line: 1 });
  return readFileSync(file, 'utf8');
}
