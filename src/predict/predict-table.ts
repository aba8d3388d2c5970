/**
 * Predicts every row of an input table and writes the results as CSV or JSON
 * lines, chunk by chunk (the output is never held whole). When the input has
 * the target column, scores the predictions: accuracy, or for regression the
 * mean squared error as `loss`.
 */
import { parseNumber } from '../data/table.js';
import { round6 } from '../results/format.js';
import { PredictError } from './errors.js';
import { checkNumericCells, featureRows, lineOf, requireColumns, type InputTable } from './input.js';
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

const CHUNK = 4096;

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const numberText = (v: number) => (Number.isFinite(v) ? String(v) : '');

export async function predictTable(trained: Trained, table: InputTable, opts: PredictTableOptions, write: (chunk: string) => void): Promise<PredictSummary> {
  const { file } = opts;
  const keep = opts.keep ?? [];
  requireColumns(table, trained.features, file, 'feature');
  requireColumns(table, keep, file, '--keep');
  // Every cell is checked before the first line is written: a bad row late in the file leaves no half output.
  checkNumericCells(table, trained.features, file);
  if (opts.proba && (trained.labels === 'sign' || trained.labels === 'value')) {
    throw new PredictError(`--proba needs a model with probability outputs; this one has ${trained.labels} labels`);
  }
  const probaCols = opts.proba ? trained.classes!.map((c) => `p_${c}`) : [];
  const score = trained.target !== null && table.columns.includes(trained.target) ? scorer(trained, table, file) : null;
  if (!opts.json) write(`${[...keep, 'prediction', ...probaCols].map(csvField).join(',')}\n`);
  for (let from = 0; from < table.rows.length; from += CHUNK) {
    const to = Math.min(from + CHUNK, table.rows.length);
    const preds = await trained.predictMatrix(featureRows(table, trained.features, from, to, file));
    const lines = preds.map((p, k) => {
      const row = table.rows[from + k]!;
      score?.add(from + k, p);
      if (opts.json) {
        const o: Record<string, unknown> = Object.fromEntries(keep.map((c) => [c, row[c]]));
        o.prediction = p.prediction;
        probaCols.forEach((c, j) => (o[c] = p.probabilities![j]));
        return JSON.stringify(o);
      }
      const probs = opts.proba ? p.probabilities!.map((v) => numberText(Number(v.toPrecision(6)))) : [];
      const pred = typeof p.prediction === 'number' ? numberText(p.prediction) : p.prediction;
      return [...keep.map((c) => row[c]!), pred, ...probs].map(csvField).join(',');
    });
    write(`${lines.join('\n')}\n`);
  }
  const summary: PredictSummary = { rows: table.rows.length, ...(score?.result() ?? {}) };
  if (opts.json) write(`${JSON.stringify({ summary })}\n`);
  return summary;
}

/** Counts right predictions (classes) or squared errors (regression) against the input's target column. */
function scorer(trained: Trained, table: InputTable, file: string) {
  const target = trained.target!;
  let right = 0;
  let squares = 0;
  let n = 0;
  return {
    add(i: number, p: Prediction) {
      const cell = table.rows[i]![target]!;
      n++;
      if (typeof p.prediction === 'string') {
        if (cell === p.prediction) right++;
        return;
      }
      const y = parseNumber(cell);
      if (y === undefined) throw new PredictError(`target column ${JSON.stringify(target)}, row ${i + 1}: the value is not a number`, { file, line: lineOf(table, i) });
      squares += (p.prediction - y) ** 2;
    },
    result(): Pick<PredictSummary, 'accuracy' | 'loss'> {
      if (n === 0) return {};
      return trained.classes ? { accuracy: round6(right / n) ?? 0 } : { loss: round6(squares / n) ?? 0 };
    },
  };
}
