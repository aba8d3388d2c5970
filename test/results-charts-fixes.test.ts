/**
 * What the committed charts show (issue 14): a legend on every line panel, seed error bars,
 * no empty "validation" entry, every recorded metric, losses never compared on one axis,
 * one element a line, log axes for losses spanning decades.
 */
import { describe, expect, it } from 'vitest';
import { curvesSpec, historyMetrics, summarySpec } from '../src/results/chart-specs.js';
import { renderCurvesSvg, renderSummarySvg, type HistoryRow, type SummaryPoint } from '../src/results/charts.js';
import { chartTitle } from '../src/results/record.js';
import { overlayMetric } from '../src/results/summary-spec.js';
import { seedBands } from '../src/sweep/summary-chart.js';
import { readPoints, summaryFiles, type PointResult } from '../src/sweep/summary.js';
import { join } from 'node:path';
import { ROOT } from './run-helpers.js';

const history = (epochs: number, f: (i: number) => Partial<HistoryRow>): HistoryRow[] =>
  Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, ...f(i) }) as HistoryRow);
const classification = history(12, (i) => ({ loss: 1 / (i + 1), accuracy: 0.5 + i * 0.04, val_loss: 1.2 / (i + 1), val_accuracy: 0.45 + i * 0.035 }));

/** The legends of an SVG, each as its labels and symbol colours in order. */
function legends(svg: string): { labels: string[]; colors: string[] }[] {
  return svg.split('class="mark-group role-legend"').slice(1).map((part) => {
    const end = part.indexOf('class="mark-group role-legend"');
    const body = end < 0 ? part : part.slice(0, end);
    return {
      labels: [...body.matchAll(/role-legend-label[^]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!),
      colors: [...body.matchAll(/role-legend-symbol[^]*?stroke="(#[0-9a-f]+)"/g)].map((m) => m[1]!),
    };
  });
}
/** Fill colours of the bars, top to bottom. */
const barFills = (svg: string): string[] => {
  const start = svg.indexOf('class="mark-rect role-mark');
  return [...svg.slice(start, svg.indexOf('</g>', start)).matchAll(/fill="(#[0-9a-f]+)"/g)].map((m) => m[1]!);
};
const yTitles = (svg: string): string[] =>
  [...svg.matchAll(/role-axis-title"[^\n]*\n<text [^>]*rotate\(-90\)[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('curves.svg', () => {
  it('has a legend on every panel, naming only the splits it has', async () => {
    expect(legends(await renderCurvesSvg(classification, 'c')).map((l) => l.labels)).toEqual([['training', 'validation'], ['training', 'validation']]);
    const trainOnly = classification.map(({ epoch, loss, accuracy }) => ({ epoch, loss, accuracy }) as HistoryRow);
    const svg = await renderCurvesSvg(trainOnly, 'training only');
    expect(legends(svg).map((l) => l.labels)).toEqual([['training'], ['training']]);
    expect(svg).not.toContain('validation<');
  });

  it('plots every recorded metric, precision and recall included, loss first', async () => {
    const h = classification.map((r, i) => ({ ...r, precision: 0.4 + i / 30, recall: 0.3 + i / 40, val_precision: 0.35 + i / 30, val_recall: 0.3 + i / 50 }));
    expect(historyMetrics(h)).toEqual(['loss', 'accuracy', 'precision', 'recall']);
    const svg = await renderCurvesSvg(h, 'pr');
    expect(yTitles(svg)).toEqual(['loss', 'accuracy', 'precision', 'recall']);
    expect(legends(svg)).toHaveLength(4);
  });

  it('puts a loss spanning more than a decade on a log axis, and nothing else', () => {
    const scaleOf = (h: HistoryRow[]) => (curvesSpec(h, 't') as { concat: { encoding: { y: { scale: { type?: string } } } }[] }).concat.map((p) => p.encoding.y.scale.type ?? 'linear');
    expect(scaleOf(classification)).toEqual(['log', 'linear']); // loss 1 -> 0.083
    expect(scaleOf(history(10, (i) => ({ loss: 1 - i / 20, accuracy: 0.01 + i / 10 })))).toEqual(['linear', 'linear']); // 2x; accuracy 100x
    expect(scaleOf(history(10, (i) => ({ loss: -1 + i / 20 })))).toEqual(['linear']); // cosine: negative
  });

  it('writes one element a line (a small change is a small diff)', async () => {
    const lines = (await renderCurvesSvg(classification, 'c')).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) {
      expect(line.startsWith('<'), line).toBe(true);
      if (!line.startsWith('<text')) expect(line.match(/<(?!\/)/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
    }
  });
});

describe('summary.svg', () => {
  const points: SummaryPoint[] = [0.1, 0.01, 0.001].map((lr, k) => ({
    label: `lr=${lr}`,
    history: classification.map((r) => ({ ...r, val_loss: (r.val_loss ?? 0) * (1 + k) })),
    rank: 0.123456789 * (k + 1),
  }));

  it('has a legend on the curves with the same colour per point as its bar', async () => {
    const svg = await renderSummarySvg(points, 'val_loss', 'lr');
    const [legend, ...more] = legends(svg);
    expect(more).toEqual([]);
    expect(legend!.labels).toEqual(['lr=0.1', 'lr=0.01', 'lr=0.001']); // ranked, lowest val_loss first
    expect(barFills(svg)).toEqual(legend!.colors);
    expect(new Set(legend!.colors).size).toBe(3);
    expect(svg).toContain('>0.123457<'); // 6 significant digits, as in summary.json
  });

  it('shows seed groups as mean ± std: error bars, labels and a band around the curve', async () => {
    const seeded = points.map((p, k) => ({ ...p, rankStd: 0.01 * (k + 1), spread: p.history.map((r) => ({ epoch: r.epoch, val_loss: 0.05 })) }));
    const svg = await renderSummarySvg(seeded, 'val_loss', 'seeds');
    expect(svg).toContain('>0.123457 ± 0.01<');
    expect(svg).toContain('mean ± std');
    expect(svg).toContain('class="mark-rule role-mark'); // the error bars
    expect(svg).toContain('class="mark-area role-mark'); // the bands
    expect(await renderSummarySvg(points, 'val_loss', 'no seeds')).not.toMatch(/±|mark-area|mark-rule role-mark/);
  });

  it('never puts different losses on one axis: accuracy when they share it, else a panel per loss', async () => {
    const losses = points.map((p, k) => ({ ...p, loss: `loss ${k}` }));
    expect(overlayMetric(points)).toEqual({ metric: 'val_loss', facet: false });
    expect(overlayMetric(losses)).toEqual({ metric: 'val_accuracy', facet: false });
    expect(yTitles(await renderSummarySvg(losses, 'val_accuracy', 'l'))).toEqual(['val_accuracy (the points use different losses)']);
    const noAcc = losses.map((p) => ({ ...p, history: p.history.map(({ epoch, loss, val_loss }) => ({ epoch, loss, val_loss }) as HistoryRow) }));
    expect(overlayMetric(noAcc)).toEqual({ metric: 'val_loss', facet: true });
    expect(yTitles(await renderSummarySvg(noAcc, 'val_loss', 'l'))).toEqual(Array(3).fill('val_loss (own axis per loss)'));
  });

  it('reads each point\'s loss from run.json: the committed loss sweep overlays accuracy', async () => {
    const dir = join(ROOT, 'examples', 'results', 'compare-losses');
    const read = readPoints(dir);
    expect(new Set(read.map((p) => p.loss)).size).toBe(read.length);
    const files = await summaryFiles('compare-losses', read, 'test_accuracy');
    expect(yTitles(files['summary.svg']!)).toEqual(['val_accuracy (the points use different losses)']);
  });

  it('folds seed repeats into per-epoch mean and std (summary.ts)', async () => {
    expect(seedBands([[{ epoch: 1, loss: 1 }, { epoch: 2, loss: 3 }], [{ epoch: 1, loss: 3 }]])).toEqual({
      mean: [{ epoch: 1, loss: 2 }, { epoch: 2, loss: 3 }],
      std: [{ epoch: 1, loss: 1 }, { epoch: 2, loss: 0 }],
    });
    const point = (seed: number, acc: number): PointResult => ({
      slug: `o=a,seed=${seed}`, group: 'o=a', changes: { seed }, seed, status: 'ok', epochs_run: 2, loss: '{}',
      final: { val_accuracy: acc }, history: [1, 2].map((epoch) => ({ epoch, loss: acc + epoch, val_accuracy: acc })),
    });
    const svg = (await summaryFiles('s', [point(0, 0.5), point(1, 0.7)]))['summary.svg']!;
    expect(svg).toContain('>0.6 ± 0.1<');
  });
});

describe('a sweep point\'s curves.svg', () => {
  it('is titled with the point, not only the sweep', () => {
    expect(chartTitle('compare-optimizers', { slug: 'optimizer=adam', group: 'optimizer=adam' })).toBe('compare-optimizers / optimizer=adam');
    expect(chartTitle('iris')).toBe('iris');
  });
});

describe('long sweeps', () => {
  it('builds a summary with more curve values than a function call takes arguments', () => {
    const long = (k: number): SummaryPoint => ({ label: `p${k}`, rank: k, history: Array.from({ length: 70_000 }, (_, i) => ({ epoch: i + 1, loss: 1 + k + 1 / (i + 1) }) as HistoryRow) });
    const spec = summarySpec([long(0), long(1)], 'loss', 'long') as unknown as { hconcat: { data: { values: unknown[] } }[] };
    expect(spec.hconcat[0]!.data.values).toHaveLength(140_000);
  });
});
