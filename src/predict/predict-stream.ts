/**
 * Predicts a CSV input streamed in chunks (csv-batches.ts): each batch of rows
 * is predicted and written before the next is read, so memory holds a batch,
 * not the file. With `checkFirst`, a first pass reads the whole input and
 * checks every cell before the first line is written (for stdout, which cannot
 * be taken back); a file output is written to a temporary file instead.
 */
import { DataError } from '../data/table.js';
import { CsvBatchReader, type RowBatch } from './csv-batches.js';
import { PredictError } from './errors.js';
import { requireColumns } from './input.js';
import { BATCH_ROWS, checkOptions, checkTargetCells, headerText, predictBatch, scorer, summaryText, type PredictSummary, type PredictTableOptions } from './predict-output.js';
import type { Trained } from './trained.js';

/** The input's bytes, from the start, each time it is called (a file is read again; stdin's bytes are held). */
export type ChunkSource = () => Iterable<Uint8Array>;

export type Write = (text: string) => void | Promise<void>;

function reader(trained: Trained, opts: PredictTableOptions, store: boolean): CsvBatchReader {
  const { file } = opts;
  const keep = opts.keep ?? [];
  return new CsvBatchReader({
    features: trained.features,
    keep,
    target: trained.target,
    batchRows: BATCH_ROWS,
    store,
    onHeader: (columns) => {
      requireColumns({ columns, rows: [] }, trained.features, file, 'feature');
      requireColumns({ columns, rows: [] }, keep, file, '--keep');
    },
  });
}

/** Runs `pass` over the source's chunks; a data error becomes a PredictError at the input's file:line. */
async function eachBatch(source: ChunkSource, r: CsvBatchReader, file: string, each: (b: RowBatch) => Promise<void>): Promise<void> {
  try {
    for (const chunk of source()) {
      r.push(chunk);
      for (const b of r.take()) await each(b);
      // the reads are synchronous and the model's promises are microtasks: let Ctrl-C and stdout's events through
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    r.end();
    for (const b of r.take()) await each(b);
  } catch (e) {
    if (e instanceof DataError) throw new PredictError(e.message, { file, line: e.line ?? 1 });
    throw e;
  }
}

/** Reads every row without predicting: throws on the first bad one. Only a regression target's cells are kept, to be checked. */
async function checkAll(trained: Trained, source: ChunkSource, opts: PredictTableOptions): Promise<void> {
  const needTarget = !trained.classes && trained.target !== null;
  await eachBatch(source, reader(trained, opts, needTarget), opts.file, async (b) => checkTargetCells(trained, b, opts.file));
}

export async function predictCsvStream(trained: Trained, source: ChunkSource, opts: PredictTableOptions, write: Write, checkFirst: boolean): Promise<PredictSummary> {
  checkOptions(trained, opts);
  if (checkFirst) await checkAll(trained, source, opts);
  const score = scorer(trained);
  let started = false;
  await eachBatch(source, reader(trained, opts, true), opts.file, async (batch) => {
    if (!started) await write(headerText(trained, opts));
    started = true;
    // the target is checked before the model runs: a bad cell stops before this batch is written
    checkTargetCells(trained, batch, opts.file);
    await predictBatch(trained, batch, score, opts, write);
  });
  const summary = score.result();
  await write(summaryText(summary, opts));
  return summary;
}
