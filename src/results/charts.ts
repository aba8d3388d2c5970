/**
 * SVG charts for committed results. Pure (strings in, strings out) and byte-for-byte deterministic:
 * vega/vega-lite are loaded lazily, text is measured with vega's canvas-free estimate, and the
 * clip-path/gradient ids that vega numbers with module-level counters are renumbered per document.
 */
import type { TopLevelSpec } from 'vega-lite';
import { curvesSpec, summarySpec, type HistoryRow, type SummaryPoint } from './chart-specs.js';

export type { HistoryRow, SummaryPoint } from './chart-specs.js';

/**
 * Text width from Helvetica-like per-character advances (+15% so DejaVu/Arial also fit), used
 * instead of vega's canvas-free guess of 0.8em per character, which truncates and spaces out
 * labels badly. Independent of node-canvas being installed, so layout never depends on the machine.
 */
function charEm(c: string): number {
  if ("ijl.,:;'`|!".includes(c)) return 0.25;
  if ('ftrI()[]{}/\\ -'.includes(c)) return 0.33;
  if ('mwMWOQGD%@#&'.includes(c)) return 0.86;
  if (c >= 'A' && c <= 'Z') return 0.67;
  return c.charCodeAt(0) >= 0x2e80 ? 1 : 0.56; // CJK and other wide scripts: a full em
}
export function textWidth(item: { fontSize?: number; fontWeight?: unknown; text?: unknown }, text?: unknown): number {
  let em = 0;
  for (const c of String(text ?? item.text ?? '')) em += charEm(c);
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600 ? 1.08 : 1;
  return Math.ceil(em * (item.fontSize ?? 11) * bold * 1.15);
}

async function render(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  // vega re-exports vega-scenegraph's textMetrics at runtime; vega-typings doesn't declare it.
  const metrics = (vega as unknown as { textMetrics?: { width: typeof textWidth } }).textMetrics;
  if (metrics) metrics.width = textWidth;
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled as Parameters<typeof vega.parse>[0]), { renderer: 'none' });
  try {
    return normaliseSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Makes the markup independent of earlier renders in the same process and of last-ulp float
 * noise: `clipN` / `gradient_N` ids are renumbered in order of appearance, and numbers in
 * geometry attributes are rounded to 2 decimals (more than enough for a 360px panel).
 */
export function normaliseSvg(svg: string): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const renumbered = svg.replace(/(id="|url\(#)(clip|gradient_)(\d+)/g, (_m, pre: string, kind: string, n: string) => {
    const key = kind + n;
    let id = ids.get(key);
    if (id === undefined) {
      const next = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, next);
      id = kind + next;
      ids.set(key, id);
    }
    return pre + id;
  });
  return renumbered.replace(/ (d|transform|points)="([^"]*)"/g, (_m, attr: string, value: string) => {
    const rounded = value.replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, (num) => {
      const r = Math.round(Number(num) * 100) / 100;
      return String(Object.is(r, -0) ? 0 : r);
    });
    return ` ${attr}="${rounded}"`;
  });
}

/** Loss and (when tracked) accuracy per epoch, training vs validation. */
export async function renderCurvesSvg(history: HistoryRow[], title: string): Promise<string> {
  return render(curvesSpec(history, title));
}

/** Sweep summary: validation curves of all points overlaid, plus a sorted bar per ranking value. */
export async function renderSummarySvg(
  points: SummaryPoint[],
  rankBy: string,
  title: string,
): Promise<string> {
  return render(summarySpec(points, rankBy, title));
}
