/**
 * Vega-Lite spec of a sweep's summary.svg: every point's curve overlaid (one colour per point,
 * the same in both panels, with a legend), and a sorted bar per ranking value. Seed repeats come
 * in as their mean with a std: a band around the mean curve and an error bar on the bar.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, epochAxis, finite, formatValue, higherIsBetter, PANEL, yScale, type HistoryRow } from './chart-style.js';

/** One sweep point (or the mean of its seed repeats): label, history, ranking value and their spreads. */
export interface SummaryPoint {
  label: string;
  /** Per epoch; the mean over seeds for a seed group. */
  history: HistoryRow[];
  /** Per epoch std over seeds (same columns as `history`), for a seed group. */
  spread?: HistoryRow[] | null;
  rank: number | null;
  /** Std of the ranking value over seeds. */
  rankStd?: number | null;
  /** Which loss the point trains with (any text that is equal for equal losses); null when unknown. */
  loss?: string | null;
}

interface Order { label: string; rank: number | null; std: number | null; i: number }
interface CurveRow { label: string; epoch: number; value: number; lo: number; hi: number }

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
function rankOrder(labelled: SummaryPoint[], desc: boolean): Order[] {
  return labelled
    .map((p, i) => ({ label: p.label, rank: finite(p.rank) ? p.rank : null, std: finite(p.rankStd) ? p.rankStd : null, i }))
    .sort((a, b) => {
      if (a.rank === null || b.rank === null) return a.rank === null ? (b.rank === null ? a.i - b.i : 1) : -1;
      return (desc ? b.rank - a.rank : a.rank - b.rank) || a.i - b.i;
    });
}

/**
 * The metric the overlay shows. Points trained with different losses have losses on different
 * scales (cosine similarity's are negative): comparing them on one axis says nothing, so such a
 * sweep overlays a metric they share and that means the same for all (accuracy, else precision
 * or recall); each loss stays on its own axis in the point's curves.svg. With no such metric,
 * `facet` asks for one panel per point with its own y scale.
 */
export function overlayMetric(points: SummaryPoint[]): { metric: string; facet: boolean } {
  const hasVal = points.some((p) => p.history.some((r) => finite(r.val_loss)));
  const prefixes = hasVal ? ['val_', ''] : [''];
  const losses = new Set(points.map((p) => p.loss ?? null));
  if (losses.size <= 1) return { metric: `${prefixes[0]}loss`, facet: false };
  for (const m of ['accuracy', 'acc', 'precision', 'recall']) {
    for (const pre of prefixes) {
      if (points.every((p) => p.history.some((r) => finite(r[pre + m])))) return { metric: pre + m, facet: false };
    }
  }
  return { metric: `${prefixes[0]}loss`, facet: true };
}

/** Every point's `metric` per epoch with its mean ± std band (lo = hi = value without seeds). */
function curveRows(labelled: SummaryPoint[], metric: string): CurveRow[] {
  const curves: CurveRow[] = [];
  for (const p of labelled) {
    p.history.forEach((r, k) => {
      const v = r[metric];
      if (!finite(r.epoch) || !finite(v)) return;
      const s = p.spread?.[k]?.[metric];
      const sd = finite(s) ? s : 0;
      curves.push({ label: p.label, epoch: r.epoch, value: v, lo: v - sd, hi: v + sd });
    });
  }
  return curves;
}

/** The left panel: the overlaid curves (and seed bands), or one small panel per point. */
function linePanel(curves: CurveRow[], metric: string, facet: boolean, color: object, seeds: boolean, note: string): object {
  const y = yScale(curves.map((d) => d.value), metric);
  // A band that dips to 0 or below cannot be drawn on a log axis: it stops at the curve's smallest value.
  const floor = curves.reduce((m, d) => Math.min(m, d.value), Infinity); // no spread: a long sweep has more values than a call takes arguments
  const values = y.scale.type === 'log' ? curves.map((d) => ({ ...d, lo: d.lo > 0 ? d.lo : floor })) : curves;
  const x = { field: 'epoch', type: 'quantitative', axis: epochAxis, scale: { nice: false } };
  const line = {
    mark: { type: 'line', strokeWidth: 1.75, point: values.length > 0 && new Set(values.map((d) => d.epoch)).size <= 2 },
    encoding: { x, y: { field: 'value', type: 'quantitative', title: `${metric}${note}`, ...y }, color, detail: { field: 'label', type: 'nominal' } },
  };
  // The band's colour is a fill scale of the same colours, so the legend keeps the lines' solid symbols.
  const band = {
    mark: { type: 'area', opacity: 0.18 },
    encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, fill: { ...color, legend: null }, detail: { field: 'label', type: 'nominal' } },
  };
  const layers = seeds ? [band, line] : [line];
  if (!facet) return { ...PANEL, data: { values }, layer: layers };
  const domain = (color as { scale: { domain: string[] } }).scale.domain;
  return {
    data: { values },
    facet: { field: 'label', type: 'nominal', title: null, sort: domain, header: { labelLimit: 170 } },
    columns: 3,
    spec: { width: 170, height: 150, layer: layers },
    resolve: { scale: { y: 'independent' } },
  };
}

/** The right panel: one bar per point, sorted, its value (± std over seeds) written beside it. */
function barPanel(order: Order[], color: object, rankBy: string, desc: boolean): object {
  const domain = order.map((o) => o.label);
  const seeds = order.some((o) => o.std !== null);
  const bars = order.map((o) => {
    const sd = o.std ?? 0;
    const text = o.std === null ? formatValue(o.rank) : `${formatValue(o.rank)} ± ${formatValue(o.std)}`;
    return { label: o.label, value: o.rank, lo: o.rank === null ? null : o.rank - sd, hi: o.rank === null ? null : o.rank + sd, pos: o.rank === null ? 0 : Math.max(o.rank, o.rank + sd), text };
  });
  const barHeight = Math.max(PANEL.height, 18 * domain.length);
  const barThickness = Math.min(20, Math.floor((0.7 * barHeight) / Math.max(1, domain.length)));
  const y = { field: 'label', type: 'nominal', title: null, sort: domain, scale: { domain }, axis: { labelLimit: 320 } };
  const title = `${rankBy} (${desc ? 'higher' : 'lower'} is better)${seeds ? ', mean ± std' : ''}`;
  const errorBar = {
    mark: { type: 'errorbar', ticks: { size: Math.max(4, barThickness - 4) }, color: '#222' },
    encoding: { x: { field: 'lo', type: 'quantitative', title }, x2: { field: 'hi' } },
  };
  return {
    width: PANEL.width,
    height: barHeight,
    data: { values: bars },
    encoding: { y },
    layer: [
      { mark: { type: 'bar', height: barThickness }, encoding: { x: { field: 'value', type: 'quantitative', title }, color: { ...color, legend: null } } },
      ...(seeds ? [errorBar] : []),
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333' }, encoding: { x: { field: 'pos', type: 'quantitative', title }, text: { field: 'text' } } },
    ],
  };
}

/** Sweep overview: every point's curve overlaid with a legend, and a sorted bar per ranking value. */
export function summarySpec(points: SummaryPoint[], rankBy: string, title: string): TopLevelSpec {
  const labelled = uniqueLabels(points);
  const { metric, facet } = overlayMetric(labelled);
  const desc = higherIsBetter(rankBy);
  const order = rankOrder(labelled, desc);
  const domain = order.map((o) => o.label);
  const color = {
    field: 'label', type: 'nominal', title: null,
    scale: { domain, scheme: domain.length > 10 ? 'tableau20' : 'tableau10' },
    legend: { orient: 'bottom', direction: 'vertical', columns: domain.length > 8 ? 2 : 1, symbolType: 'stroke' },
  };
  const seeds = labelled.some((p) => p.spread);
  const mixed = new Set(labelled.map((p) => p.loss ?? null)).size > 1;
  const note = mixed ? (facet ? ' (own axis per loss)' : ' (the points use different losses)') : '';
  return {
    title,
    config: CONFIG,
    hconcat: [linePanel(curveRows(labelled, metric), metric, facet, color, seeds, note), barPanel(order, color, rankBy, desc)],
    resolve: { legend: { color: 'independent' } },
  } as TopLevelSpec;
}
