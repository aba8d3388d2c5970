/**
 * Predicts every row of an input read whole (JSON, or CSV with quoted fields)
 * and writes the results batch by batch (see predict-output.ts). Every cell is
 * checked before the first line is written, so bad input leaves no half output.
 */
import type { RowBatch } from './csv-batches.js';
import { checkNumericCells, featureRows, lineOf, requireColumns, type InputTable } from './input.js';
import { BATCH_ROWS, checkOptions, headerText, predictBatch, scorer, summaryText, type PredictSummary, type PredictTableOptions } from './predict-output.js';
import type { Trained } from './trained.js';

export type { PredictSummary, PredictTableOptions } from './predict-output.js';

/** Rows [from, to) of a table as a batch of the streamed reader's shape. */
function tableBatch(trained: Trained, table: InputTable, keep: string[], from: number, to: number, file: string): RowBatch {
  const width = trained.features.length;
  const x = new Float64Array((to - from) * width);
  featureRows(table, trained.features, from, to, file).forEach((row, k) => x.set(row, k * width));
  const rows = table.rows.slice(from, to);
  const hasTarget = trained.target !== null && table.columns.includes(trained.target);
  return {
    first: from,
    count: to - from,
    x,
    keep: keep.map((c) => rows.map((r) => r[c]!)),
    target: hasTarget ? rows.map((r) => r[trained.target!]!) : null,
    lines: rows.map((_, k) => lineOf(table, from + k)),
  };
}

export async function predictTable(trained: Trained, table: InputTable, opts: PredictTableOptions, write: (chunk: string) => void | Promise<void>): Promise<PredictSummary> {
  const { file } = opts;
  const keep = opts.keep ?? [];
  checkOptions(trained, opts);
  requireColumns(table, trained.features, file, 'feature');
  requireColumns(table, keep, file, '--keep');
  checkNumericCells(table, trained.features, file);
  const target = trained.target;
  if (!trained.classes && target !== null && table.columns.includes(target)) checkNumericCells(table, [target], file, 'target column');
  const score = scorer(trained);
  await write(headerText(trained, opts));
  for (let from = 0; from < table.rows.length; from += BATCH_ROWS) {
    const batch = tableBatch(trained, table, keep, from, Math.min(from + BATCH_ROWS, table.rows.length), file);
    await predictBatch(trained, batch, score, opts, write);
  }
  const summary = score.result();
  await write(summaryText(summary, opts));
  return summary;
}
