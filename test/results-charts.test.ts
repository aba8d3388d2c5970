import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { curvesSpec, summarySpec } from '../src/results/chart-specs.js';
import { normaliseSvg, renderCurvesSvg, renderSummarySvg, renderSvg, type HistoryRow } from '../src/results/charts.js';
import { ROOT } from './run-helpers.js';

const classification: HistoryRow[] = Array.from({ length: 12 }, (_, i) => ({
  epoch: i + 1,
  loss: 1 / (i + 1),
  accuracy: 0.5 + i * 0.04,
  val_loss: 1.2 / (i + 1) + 0.05,
  val_accuracy: 0.45 + i * 0.035,
}));

const regression: HistoryRow[] = Array.from({ length: 8 }, (_, i) => ({
  epoch: i,
  loss: 40 / (i + 1),
  mse: 40 / (i + 1),
  val_loss: 45 / (i + 1),
  val_mse: 45 / (i + 1),
}));

/**
 * Each chart rendered once for the file (vega compiles cost 30-80 ms each): tests that check different properties of
 * the same chart share its output. `shared: false` is renderSvg's own compile of the spec (the reference).
 */
const renders = new Map<string, Promise<string>>();
function rendered(name: string, h: HistoryRow[], title: string, shared = true): Promise<string> {
  const key = JSON.stringify([name, title, shared]);
  if (!renders.has(key)) renders.set(key, shared ? renderCurvesSvg(h, title) : renderSvg(curvesSpec(h, title), false));
  return renders.get(key)!;
}

describe('renderCurvesSvg', () => {
  it('renders an svg with title, axis titles and legend', async () => {
    const svg = await rendered('classification', classification, 'keras-seed-hinge');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['keras-seed-hinge', '>epoch<', '>loss<', '>accuracy<', '>training<', '>validation<']) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain('fill="white"');
    expect(svg).toMatch(/width="\d+" height="\d+"/);
  });

  it('is byte-for-byte deterministic, sequentially and concurrently', async () => {
    const a = await rendered('classification', classification, 'keras-seed-hinge');
    const b = await renderCurvesSvg(classification, 'keras-seed-hinge');
    const [c, d] = await Promise.all([
      renderCurvesSvg(classification, 'keras-seed-hinge'),
      renderCurvesSvg(classification, 'keras-seed-hinge'),
    ]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(d).toBe(a);
  });

  it('has no accuracy panel for a regression history', async () => {
    const svg = await rendered('regression', regression, 'a');
    expect(svg).toContain('>loss<');
    expect(svg).not.toContain('accuracy');
  });

  it('tolerates NaN, null and Infinity (a diverged run)', async () => {
    const diverged: HistoryRow[] = [
      { epoch: 1, loss: 2, accuracy: 0.3, val_loss: 2.5, val_accuracy: 0.3 },
      { epoch: 2, loss: 1e6, accuracy: 0.3, val_loss: Infinity, val_accuracy: null },
      { epoch: 3, loss: NaN, accuracy: NaN, val_loss: NaN, val_accuracy: NaN },
    ];
    const svg = await renderCurvesSvg(diverged, 'diverged');
    expect(svg).toContain('diverged');
    expect(svg).not.toMatch(/NaN|Infinity/);
    const allNaN = await renderCurvesSvg([{ epoch: 1, loss: NaN, val_loss: null }], 'all nan');
    expect(allNaN.startsWith('<svg')).toBe(true);
    expect((await rendered('empty', [], 'a')).startsWith('<svg')).toBe(true);
  });
});

describe('renderSummarySvg', () => {
  const points = [0.1, 0.01, 0.001, 1].map((lr, k) => ({
    label: `lr=${lr}`,
    history: classification.map((r): HistoryRow => ({ ...r, val_loss: lr === 1 ? NaN : (r.val_loss ?? 0) * (1 + k) })),
    rank: lr === 1 ? null : 0.2 * (k + 1),
  }));

  it('contains every label, the ranking metric and is deterministic', async () => {
    const svg = await renderSummarySvg(points, 'val_loss', 'lr sweep');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['lr sweep', 'lr=0.1', 'lr=0.01', 'lr=0.001', 'lr=1', 'val_loss', 'n/a']) {
      expect(svg).toContain(text);
    }
    expect(await renderSummarySvg(points, 'val_loss', 'lr sweep')).toBe(svg);
  });

  it('sorts bars best first and falls back to loss without val_loss', async () => {
    const noVal = points.map((p) => ({ ...p, history: p.history.map(({ epoch, loss }) => ({ epoch, loss })) }));
    const svg = await renderSummarySvg(noVal, 'val_accuracy', 'acc sweep');
    expect(svg).toContain('>loss<');
    expect(svg).toContain('higher is better');
    // Highest value first (top), the point without a value last.
    const order = ['lr=0.001', 'lr=0.01', 'lr=0.1', 'lr=1'].map((l) => svg.indexOf(`>${l}<`));
    expect(order.every((pos) => pos >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });
});

describe('normaliseSvg', () => {
  it('renumbers vega clip/gradient ids per document and rounds geometry', () => {
    const svg =
      '<clipPath id="clip7"><path d="M0.123456,1L2.5,3"/></clipPath><g clip-path="url(#clip7)"/>' +
      '<linearGradient id="gradient_4"/><rect fill="url(#gradient_4)"/><g clip-path="url(#clip9)"/>';
    expect(normaliseSvg(svg)).toBe(
      '<clipPath id="clip1">\n<path d="M0.12,1L2.5,3"/>\n</clipPath>\n<g clip-path="url(#clip1)"/>\n' +
        '<linearGradient id="gradient_1"/>\n<rect fill="url(#gradient_1)"/>\n<g clip-path="url(#clip2)"/>\n',
    );
  });

  it('puts one element a line, never breaking a text element', () => {
    expect(normaliseSvg('<g><text x="1">a</text><text><tspan>b</tspan><tspan>c</tspan></text><text></text></g>')).toBe(
      '<g>\n<text x="1">a</text>\n<text><tspan>b</tspan><tspan>c</tspan></text>\n<text></text>\n</g>\n',
    );
  });
});

describe('shared dataflows (a spec shape compiled once, its values and title put back)', () => {
  const history = (epochs: number, f: (i: number) => Partial<HistoryRow>): HistoryRow[] =>
    Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, ...f(i) }) as HistoryRow);
  // Over 30 epochs (no points on the lines), as many as the build's template of that shape has: more would only be
  // more of the same points to draw.
  const long = history(40, (i) => ({ loss: 1 / (i + 1), accuracy: 0.5 + i / 400, val_loss: 1.1 / (i + 1), val_accuracy: 0.4 + i / 400 }));
  const shapes: [string, HistoryRow[]][] = [
    ['classification', classification],
    ['regression', regression],
    ['long', long],
    ['long, other values', long.map((r) => ({ ...r, loss: (r.loss as number) * 3 }))],
    ['acc column', history(40, (i) => ({ loss: 2 - i / 40, acc: i / 40, val_loss: 2.1 - i / 40, val_acc: i / 41 }))],
    ['exploding loss (log scale)', history(12, (i) => ({ loss: 10 ** (i % 7), val_loss: 10 ** (i % 5) }))],
    ['flat', history(6, () => ({ loss: 0.5, val_loss: 0.5, accuracy: 1, val_accuracy: 1 }))],
    ['no validation', history(35, (i) => ({ loss: 1 / (i + 1), accuracy: i / 35 }))],
    ['diverged', [{ epoch: 1, loss: 2, accuracy: 0.3, val_loss: 2.5, val_accuracy: 0.3 }, { epoch: 2, loss: NaN, accuracy: NaN, val_loss: null, val_accuracy: null }]],
    ['same values in both panels', history(3, () => ({ loss: 1, accuracy: 1, val_loss: 1, val_accuracy: 1 }))],
    ['empty', []],
  ];
  // The charts of the tests above are among these (their titles), so each is rendered once.
  const titles = ['keras-seed-hinge', 'a', 'compare-optimizers/optimizer=adam', 'quote " and \\ backslash', 'ünïcode'];

  // Every title on the first shape (the hardest one too: quote, backslash, non-ASCII, slash, equals); on the others
  // the plain one. The title goes back into the dataflow the same way whatever the data, so the full cross product
  // (110 vega compiles) proved no more than this. A title that is not plain text is compiled with its chart, never
  // templated (PLAIN_TITLE in charts.ts): on every other shape its two renders were the same compile twice.
  const hardest = 'compare/x=1 quote " and \\ backslash, ünïcode';
  it.each(shapes.map(([name, h], i) => [name, h, i === 0 ? [...titles, hardest] : ['keras-seed-hinge']] as const))('renders %s byte-identical to compiling each spec, under each of its titles', async (name, h, shapeTitles) => {
    for (const title of shapeTitles) {
      expect(await rendered(name, h, title), title).toBe(await rendered(name, h, title, false));
    }
  });

  it('renders sweep summaries byte-identical to compiling each spec', async () => {
    const points = [0.1, 0.01, 0.001].map((lr, k) => ({ label: `lr=${lr}`, history: classification.map((r) => ({ ...r, val_loss: (r.val_loss ?? 0) * (1 + k) })), rank: k }));
    // The plain and the hardest title, as for the curves: the title's way back into the dataflow does not depend on it.
    for (const title of ['keras-seed-hinge', hardest]) {
      const spec = summarySpec(points, 'val_loss', title);
      expect(await renderSvg(spec)).toBe(await renderSvg(spec, false));
    }
  });

  it("uses the build's templates (dist/results/chart-templates) for the usual curves, with the same result", async () => {
    type Charts = { renderSvg: typeof renderSvg; prebuildTemplate: (spec: unknown) => { file: string; json: string } | null };
    const dist = (await import(pathToFileURL(join(ROOT, 'dist', 'results', 'charts.js')).href)) as Charts;
    // The build (scripts/precompile.mjs) wrote the template's dataflow where renderSvg's loader looks for it.
    const prebuilt = (spec: unknown) => {
      const t = dist.prebuildTemplate(spec);
      return t !== null && existsSync(t.file) && readFileSync(t.file, 'utf8') === t.json;
    };
    const usual: HistoryRow[][] = [
      long,
      history(40, (i) => ({ loss: 1 / (i + 1), val_loss: 1.1 / (i + 1) })),
      history(20, (i) => ({ loss: 1 / (i + 1), acc: i / 20, val_loss: 1.1 / (i + 1), val_acc: i / 21 })),
      history(40, (i) => ({ loss: 10 ** (i % 7), accuracy: i / 40 })),
    ];
    for (const [i, h] of usual.entries()) {
      const spec = curvesSpec(h, 'keras-seed-hinge');
      expect(prebuilt(spec)).toBe(true);
      // usual[0] is the shape 'long' above: its reference renders are shared with that test.
      const name = i === 0 ? 'long' : `usual ${i}`;
      expect(await dist.renderSvg(spec)).toBe(await rendered(name, h, 'keras-seed-hinge', false));
      expect(await dist.renderSvg(curvesSpec(h, 'a'))).toBe(await rendered(name, h, 'a', false));
    }
    expect(prebuilt(curvesSpec(history(6, () => ({ loss: 0.5 })), 'flat'))).toBe(false);
  });
});
