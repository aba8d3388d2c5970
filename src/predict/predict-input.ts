/**
 * `trainspec predict`'s input to output: a CSV is streamed (predict-stream.ts);
 * JSON, and CSV with quoted fields (which needs csv-parse), are read whole
 * (predict-table.ts, bounded by MAX_INPUT_BYTES). Bad input leaves nothing
 * half-written: a file output is a temporary file renamed at the end; stdout
 * is written only after a first pass has checked the whole input.
 */
import { statSync } from 'node:fs';
import { NeedsFullParser } from '../data/csv-numeric.js';
import { fileChunks } from '../load/file-chunks.js';
import { PredictError } from './errors.js';
import { inputFormat, readInputTable } from './input.js';
import { openTempOutput, streamWriter } from './output-file.js';
import { predictCsvStream, type ChunkSource, type Write } from './predict-stream.js';
import { predictTable, type PredictSummary, type PredictTableOptions } from './predict-table.js';
import { readInputText } from './source.js';
import { chunksText, readStdinChunks } from './stdin.js';
import type { Trained } from './trained.js';

export interface PredictIo {
  /** A file, or `-` for stdin. */
  input: string;
  /** A file; undefined or `-` for stdout. */
  output?: string;
  /** `json` or `csv` forces the input's format (else from its extension). */
  format?: string;
}

interface Input {
  chunks: ChunkSource;
  text(): string;
}

async function openInput(input: string): Promise<Input> {
  if (input === '-') {
    const held = await readStdinChunks();
    return { chunks: () => held, text: () => chunksText(held) };
  }
  const st = statSync(input, { throwIfNoEntry: false });
  if (!st) throw new PredictError('input file not found', { file: input, line: 1 });
  if (!st.isFile()) throw new PredictError('the input is not a file', { file: input, line: 1 });
  return { chunks: () => fileChunks(input).chunks, text: () => readInputText(input) };
}

export async function predictIo(trained: Trained, io: PredictIo, opts: Omit<PredictTableOptions, 'file'>): Promise<PredictSummary> {
  const file = io.input === '-' ? '<stdin>' : io.input;
  const o: PredictTableOptions = { ...opts, file };
  const format = inputFormat(io.input, io.format);
  const input = await openInput(io.input);
  const whole = (write: Write) => predictTable(trained, readInputTable(input.text(), format, file), o, write);
  const toFile = io.output !== undefined && io.output !== '-';
  const sink = toFile ? (run: Run) => toTempFile(io.output!, run) : (run: Run) => run(streamWriter(process.stdout));
  if (format === 'json') return sink(whole);
  try {
    // stdout cannot be taken back: the whole input is checked first; a file is a temporary one until the end
    return await sink((write) => predictCsvStream(trained, input.chunks, o, write, !toFile));
  } catch (e) {
    // quoted fields: met before any output (on stdout, by the checking pass), unless the input changed meanwhile
    if (e instanceof NeedsFullParser) return sink(whole);
    throw e;
  }
}

type Run = (write: Write) => Promise<PredictSummary>;

async function toTempFile(target: string, run: Run): Promise<PredictSummary> {
  const out = openTempOutput(target);
  try {
    const summary = await run((s) => out.write(s));
    out.commit();
    return summary;
  } catch (e) {
    out.abort();
    throw e;
  }
}
