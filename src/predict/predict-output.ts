/**
 * Predict's output, one batch of rows at a time: CSV (or JSON lines) text for
 * the batch's predictions and the running score against the target column:
 * accuracy, or for regression the mean squared error as `loss`.
 */
import { parseNumber } from '../data/table.js';
import { round6 } from '../results/format.js';
import type { RowBatch } from './csv-batches.js';
import { PredictError } from './errors.js';
import type { Prediction, Trained } from './trained.js';

export interface PredictTableOptions {
  /** Names the input in errors (`-` for stdin). */
  file: string;
  /** Input columns copied to the output, before the prediction. */
  keep?: string[];
  proba?: boolean;
  json?: boolean;
}

export interface PredictSummary {
  rows: number;
  accuracy?: number;
  loss?: number;
}

/** Rows the model is given at once: every source cuts its rows at the same places, so outputs do not depend on the source. */
export const BATCH_ROWS = 4096;

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const numberText = (v: number) => (Number.isFinite(v) ? String(v) : '');

/** Refuses --proba for a model without probability outputs (before any input is read). */
export function checkOptions(trained: Trained, opts: PredictTableOptions): void {
  if (opts.proba && (trained.labels === 'sign' || trained.labels === 'value')) {
    throw new PredictError(`--proba needs a model with probability outputs; this one has ${trained.labels} labels`);
  }
}

/** The CSV header line ('' for JSON lines). */
export function headerText(trained: Trained, opts: PredictTableOptions): string {
  if (opts.json) return '';
  const probaCols = opts.proba ? trained.classes!.map((c) => `p_${c}`) : [];
  return `${[...(opts.keep ?? []), 'prediction', ...probaCols].map(csvField).join(',')}\n`;
}

/** The lines of one batch's predictions, each ending in a newline. */
export function batchText(trained: Trained, batch: RowBatch, preds: Prediction[], opts: PredictTableOptions): string {
  const keep = opts.keep ?? [];
  const probaCols = opts.proba ? trained.classes!.map((c) => `p_${c}`) : [];
  const lines = preds.map((p, k) => {
    if (opts.json) {
      const o: Record<string, unknown> = Object.fromEntries(keep.map((c, j) => [c, batch.keep[j]![k]]));
      o.prediction = p.prediction;
      probaCols.forEach((c, j) => (o[c] = p.probabilities![j]));
      return JSON.stringify(o);
    }
    const probs = opts.proba ? p.probabilities!.map((v) => numberText(Number(v.toPrecision(6)))) : [];
    const pred = typeof p.prediction === 'number' ? numberText(p.prediction) : p.prediction;
    return [...keep.map((_, j) => batch.keep[j]![k]!), pred, ...probs].map(csvField).join(',');
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The JSON lines' last line ('' for CSV). */
export const summaryText = (summary: PredictSummary, opts: PredictTableOptions): string =>
  (opts.json ? `${JSON.stringify({ summary })}\n` : '');

/** A regression target's cells must be numbers: checked with the features, before any output. */
export function checkTargetCells(trained: Trained, batch: RowBatch, file: string): void {
  if (trained.classes || !batch.target) return;
  batch.target.forEach((cell, k) => {
    if (parseNumber(cell) !== undefined) return;
    const why = cell === '' ? 'empty cell' : 'the value is not a number';
    throw new PredictError(`target column ${JSON.stringify(trained.target)}, row ${batch.first + k + 1}: ${why}`, { file, line: batch.lines[k] });
  });
}

/** One batch through the model: predicted, scored and written (the whole-table and the streamed paths share it). */
export async function predictBatch(trained: Trained, batch: RowBatch, score: Scorer, opts: PredictTableOptions, write: (text: string) => void | Promise<void>): Promise<void> {
  const preds = await trained.predictPacked(batch.x, batch.count);
  score.add(batch, preds);
  await write(batchText(trained, batch, preds, opts));
}

export type Scorer = ReturnType<typeof scorer>;

/**
 * Counts right predictions (classes) or squared errors (regression) against the input's target column. Its callers
 * have checked a regression target's cells before the model ran (checkTargetCells, or checkNumericCells on a whole
 * table), so every cell here parses.
 */
export function scorer(trained: Trained) {
  let right = 0;
  let squares = 0;
  let n = 0;
  let rows = 0;
  return {
    add(batch: RowBatch, preds: Prediction[]) {
      rows += preds.length;
      if (!batch.target) return;
      preds.forEach((p, k) => {
        const cell = batch.target![k]!;
        n++;
        if (typeof p.prediction === 'string') right += cell === p.prediction ? 1 : 0;
        else squares += (p.prediction - parseNumber(cell)!) ** 2;
      });
    },
    result(): PredictSummary {
      if (n === 0) return { rows };
      return { rows, ...(trained.classes ? { accuracy: round6(right / n) ?? 0 } : { loss: round6(squares / n) ?? 0 }) };
    },
  };
}
