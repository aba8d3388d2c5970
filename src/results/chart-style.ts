/**
 * What the committed charts share: the fixed look, the y scale rule and number text.
 * Pure helpers for chart-specs.ts (curves.svg) and summary-spec.ts (summary.svg).
 */

/** One epoch of a training history: `epoch` plus metric columns (loss, val_loss, accuracy, ...). */
export type HistoryRow = { epoch: number } & Record<string, number | null>;

export const PANEL = { width: 360, height: 220 };

/** Fixed look: white background, no ARIA blobs (smaller diffs), left-anchored title. */
export const CONFIG = {
  background: 'white',
  padding: 12,
  aria: false,
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 160 },
  legend: { labelFontSize: 11, orient: 'top', direction: 'horizontal', symbolStrokeWidth: 2, labelLimit: 240 },
  view: { stroke: '#ddd' },
  concat: { spacing: 28 },
} as const;

export const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const epochAxis = { title: 'epoch', format: 'd', tickMinStep: 1, grid: false };

/** Metrics bounded to [0, 1] (never drawn on a log axis); every other column is a loss or a loss averaged as a metric. */
const BOUNDED = /^(val_)?(acc|accuracy|precision|recall)$/;
export const isLossLike = (metric: string): boolean => !BOUNDED.test(metric);

/**
 * Y scale and axis for a series: log when it is a positive loss spanning more than a decade
 * (where a linear axis flattens everything after the first epochs), or any positive series
 * spanning more than 3 decades (a run that exploded); linear otherwise. A flat series gets a
 * small band around its value.
 */
export function yScale(values: number[], metric: string): { scale: Record<string, unknown>; axis: Record<string, unknown> } {
  if (values.length === 0) return { scale: { zero: false }, axis: {} };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > 0 && hi / lo > (isLossLike(metric) ? 10 : 1e3)) return { scale: { type: 'log' }, axis: { tickCount: 4, format: '~g' } };
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return { scale: { domain: [lo - pad, hi + pad] }, axis: {} };
  }
  return { scale: { zero: false }, axis: {} };
}

/** Number text for labels: 6 significant digits like metrics.json, exponent form when tiny or huge. */
export function formatValue(v: number | null | undefined): string {
  if (!finite(v)) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(5).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(6)));
}

/** Whether a larger `rankBy` value is better (accuracy-like), to put the best point on top. */
export function higherIsBetter(rankBy: string): boolean {
  return /acc|auc|precision|recall|f1|r2|score/i.test(rankBy) && !/loss|err/i.test(rankBy);
}
