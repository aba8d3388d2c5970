/**
 * Vega-Lite spec of curves.svg (pure data -> spec; rendering is in charts.ts; the sweep summary's
 * spec is in summary-spec.ts). Non-finite values (a diverged run) are dropped here, so lines
 * simply stop where a run blew up.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, epochAxis, finite, PANEL, yScale, type HistoryRow } from './chart-style.js';

export type { HistoryRow } from './chart-style.js';
export { formatValue, higherIsBetter } from './chart-style.js';
export { summarySpec, type SummaryPoint } from './summary-spec.js';

const SPLIT_COLORS = ['#1f77b4', '#e45756'];
const SPLIT_DASHES = [[1, 0], [6, 3]];

/**
 * The metrics a history records, loss first, then the others in the order the experiment lists
 * them (a column `val_x` stands for `x` too): every one gets a panel, precision and recall included.
 */
export function historyMetrics(history: HistoryRow[]): string[] {
  const names = new Set<string>(['loss']);
  for (const row of history) {
    for (const key of Object.keys(row)) if (key !== 'epoch') names.add(key.startsWith('val_') ? key.slice(4) : key);
  }
  return [...names];
}

/** One panel: `metric` per epoch, training solid vs validation dashed, with its own legend of the splits it has. */
function curvePanel(history: HistoryRow[], metric: string, showPoints: boolean): object {
  const values: { epoch: number; split: string; value: number }[] = [];
  for (const row of history) {
    if (!finite(row.epoch)) continue;
    const t = row[metric];
    const v = row[`val_${metric}`];
    if (finite(t)) values.push({ epoch: row.epoch, split: 'training', value: t });
    if (finite(v)) values.push({ epoch: row.epoch, split: 'validation', value: v });
  }
  // The split domain comes from the data (sorted: training before validation), so a run without
  // validation data has no "validation" entry, and the spec's shape stays the same for every run.
  return {
    ...PANEL,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: showPoints ? { size: 18, filled: true } : false },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: epochAxis, scale: { nice: false } },
      y: { field: 'value', type: 'quantitative', title: metric, ...yScale(values.map((d) => d.value), metric) },
      color: { field: 'split', type: 'nominal', title: null, legend: { symbolType: 'stroke' }, scale: { range: SPLIT_COLORS } },
      strokeDash: { field: 'split', type: 'nominal', title: null, scale: { range: SPLIT_DASHES } },
    },
  };
}

/** Every recorded metric per epoch, two panels a row, each with its legend. */
export function curvesSpec(history: HistoryRow[], title: string): TopLevelSpec {
  const showPoints = history.length <= 30;
  const panels = historyMetrics(history).map((metric) => curvePanel(history, metric, showPoints));
  return {
    title,
    config: CONFIG,
    columns: 2,
    concat: panels,
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as TopLevelSpec;
}
