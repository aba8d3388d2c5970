/**
 * Vega-Lite specs for the committed result charts (pure data -> spec; rendering is in charts.ts).
 * Non-finite values (a diverged run) are dropped here, so lines simply stop where a run blew up.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One epoch of a training history: `epoch` plus metric columns (loss, val_loss, accuracy, ...). */
export type HistoryRow = { epoch: number } & Record<string, number | null>;

/** One sweep point: its label, history and ranking-metric value (null when it has none). */
export interface SummaryPoint {
  label: string;
  history: HistoryRow[];
  rank: number | null;
}

const PANEL = { width: 360, height: 220 };
const SPLITS = ['training', 'validation'];
const SPLIT_COLORS = ['#1f77b4', '#e45756'];

/** Fixed look: white background, no ARIA blobs (smaller diffs), left-anchored title. */
const CONFIG = {
  background: 'white',
  padding: 12,
  aria: false,
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 10, titleFontSize: 11, labelLimit: 160 },
  legend: { labelFontSize: 11, orient: 'top', direction: 'horizontal', symbolStrokeWidth: 2 },
  view: { stroke: '#ddd' },
  concat: { spacing: 28 },
} as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Column holding accuracy, if any (tfjs reports `acc` or `accuracy` depending on how it was asked). */
function accuracyKey(history: HistoryRow[]): string | null {
  for (const key of ['accuracy', 'acc']) if (history.some((r) => key in r)) return key;
  return null;
}

/**
 * Y scale and axis for a series: log (decade ticks) when it is positive and spans > 3 decades
 * (a loss that exploded), linear otherwise; a flat series gets a small band around its value.
 */
function yScale(values: number[]): { scale: Record<string, unknown>; axis: Record<string, unknown> } {
  if (values.length === 0) return { scale: { zero: false }, axis: {} };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo > 0 && hi / lo > 1e3) return { scale: { type: 'log' }, axis: { tickCount: 4, format: '~g' } };
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return { scale: { domain: [lo - pad, hi + pad] }, axis: {} };
  }
  return { scale: { zero: false }, axis: {} };
}

const epochAxis = { title: 'epoch', format: 'd', tickMinStep: 1, grid: false };

/** Loss (and accuracy, when tracked) per epoch, training solid vs validation dashed. */
export function curvesSpec(history: HistoryRow[], title: string): TopLevelSpec {
  const acc = accuracyKey(history);
  const metrics = acc ? ['loss', acc] : ['loss'];
  const showPoints = history.length <= 30;
  const panels = metrics.map((metric) => {
    const values: { epoch: number; split: string; value: number }[] = [];
    for (const row of history) {
      if (!finite(row.epoch)) continue;
      const t = row[metric];
      const v = row[`val_${metric}`];
      if (finite(t)) values.push({ epoch: row.epoch, split: 'training', value: t });
      if (finite(v)) values.push({ epoch: row.epoch, split: 'validation', value: v });
    }
    return {
      ...PANEL,
      data: { values },
      mark: { type: 'line', strokeWidth: 2, point: showPoints ? { size: 18, filled: true } : false },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: epochAxis, scale: { nice: false } },
        y: {
          field: 'value', type: 'quantitative', title: metric,
          ...yScale(values.map((d) => d.value)),
        },
        color: {
          field: 'split', type: 'nominal', title: null, legend: { symbolType: 'stroke' },
          scale: { domain: SPLITS, range: SPLIT_COLORS },
        },
        strokeDash: {
          field: 'split', type: 'nominal', title: null,
          scale: { domain: SPLITS, range: [[1, 0], [6, 3]] },
        },
      },
    };
  });
  return { title, config: CONFIG, hconcat: panels } as TopLevelSpec;
}

/** Compact, stable number text for bar labels. */
export function formatValue(v: number | null): string {
  if (!finite(v)) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** Whether a larger `rankBy` value is better (accuracy-like), to put the best point on top. */
export function higherIsBetter(rankBy: string): boolean {
  return /acc|auc|precision|recall|f1|r2|score/i.test(rankBy) && !/loss|err/i.test(rankBy);
}

/** Points with unique labels (the y domain and the colour key), in input order for duplicates. */
function uniqueLabels(points: SummaryPoint[]): SummaryPoint[] {
  const seen = new Map<string, number>();
  return points.map((p) => {
    const n = (seen.get(p.label) ?? 0) + 1;
    seen.set(p.label, n);
    return { ...p, label: n === 1 ? p.label : `${p.label} (${n})` };
  });
}

/** Labels best first by their ranking value; points without one last, in input order. */
function rankOrder(labelled: SummaryPoint[], desc: boolean): { label: string; rank: number | null; i: number }[] {
  return labelled
    .map((p, i) => ({ label: p.label, rank: finite(p.rank) ? p.rank : null, i }))
    .sort((a, b) => {
      if (a.rank === null || b.rank === null) return a.rank === null ? (b.rank === null ? a.i - b.i : 1) : -1;
      return (desc ? b.rank - a.rank : a.rank - b.rank) || a.i - b.i;
    });
}

/** Every point's `metric` per epoch, as long-form rows. */
function curveRows(labelled: SummaryPoint[], metric: string): { label: string; epoch: number; value: number }[] {
  const curves: { label: string; epoch: number; value: number }[] = [];
  for (const p of labelled) {
    for (const r of p.history) {
      const v = r[metric];
      if (finite(r.epoch) && finite(v)) curves.push({ label: p.label, epoch: r.epoch, value: v });
    }
  }
  return curves;
}

/** The right panel: one bar per point, sorted, its value written beside it. */
function barPanel(order: { label: string; rank: number | null }[], color: object, rankBy: string, desc: boolean): object {
  const domain = order.map((o) => o.label);
  const bars = order.map((o) => ({ label: o.label, value: o.rank, pos: o.rank ?? 0, text: formatValue(o.rank) }));
  const barHeight = Math.max(PANEL.height, 18 * domain.length);
  const barThickness = Math.min(20, Math.floor((0.7 * barHeight) / Math.max(1, domain.length)));
  const y = { field: 'label', type: 'nominal', title: null, sort: domain, scale: { domain }, axis: { labelLimit: 320 } };
  return {
    width: PANEL.width,
    height: barHeight,
    data: { values: bars },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', height: barThickness },
        encoding: {
          x: { field: 'value', type: 'quantitative', title: `${rankBy} (${desc ? 'higher' : 'lower'} is better)` },
          color,
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' },
        encoding: { x: { field: 'pos', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  };
}

/** Sweep overview: every point's validation curve overlaid, and a sorted bar per ranking value. */
export function summarySpec(points: SummaryPoint[], rankBy: string, title: string): TopLevelSpec {
  const labelled = uniqueLabels(points);
  const useVal = points.some((p) => p.history.some((r) => finite(r.val_loss)));
  const metric = useVal ? 'val_loss' : 'loss';
  const desc = higherIsBetter(rankBy);
  const order = rankOrder(labelled, desc);
  const domain = order.map((o) => o.label);
  const color = {
    field: 'label', type: 'nominal', legend: null,
    scale: { domain, scheme: domain.length > 10 ? 'tableau20' : 'tableau10' },
  };
  const curves = curveRows(labelled, metric);
  return {
    title,
    config: CONFIG,
    hconcat: [
      {
        ...PANEL,
        data: { values: curves },
        // Points only when runs are too short for a line to be visible.
        mark: { type: 'line', strokeWidth: 1.75, point: points.every((p) => p.history.length <= 2) },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: epochAxis, scale: { nice: false } },
          y: { field: 'value', type: 'quantitative', title: metric, ...yScale(curves.map((d) => d.value)) },
          color,
          detail: { field: 'label', type: 'nominal' },
        },
      },
      barPanel(order, color, rankBy, desc),
    ],
  } as TopLevelSpec;
}
