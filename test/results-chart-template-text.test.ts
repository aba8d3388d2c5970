import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { curvesSpec } from '../src/results/chart-specs.js';
import { instantiateText, textTemplate } from '../src/results/chart-template-text.js';
import { renderSvg, type HistoryRow } from '../src/results/charts.js';
import { ROOT } from './run-helpers.js';

const SLOT = '__slot';
const TITLE = 'title-marker';

describe('textTemplate / instantiateText', () => {
  const runtime = {
    operators: [
      { id: 1, type: 'Collect', value: { $ingest: [{ [SLOT]: 1 }] } },
      { id: 2, type: 'Text', params: { text: `${TITLE}`, expr: `"${TITLE}" + '${TITLE}'` } },
      { id: 3, data: [{ [SLOT]: 0 }], plain: [1, 'a', null, true] },
    ],
  };

  it('copies the template with the title in every string and each chart its own values arrays', () => {
    const t = textTemplate(runtime, SLOT, TITLE)!;
    expect(t).not.toBeNull();
    const a = [{ epoch: 1, loss: 0.5 }];
    const b = [{ epoch: 1, loss: 0.25 }];
    const copy = instantiateText(t, [a, b], TITLE, 'my run') as typeof runtime;
    expect(copy).toEqual({
      operators: [
        { id: 1, type: 'Collect', value: { $ingest: b } },
        { id: 2, type: 'Text', params: { text: 'my run', expr: `"my run" + 'my run'` } },
        { id: 3, data: a, plain: [1, 'a', null, true] },
      ],
    });
    // The values are the chart's own arrays (as the walk passes them), not copies.
    expect(copy.operators[2]!.data).toBe(a);
    // Each copy is fresh: changing one leaves the next untouched.
    (copy.operators[1]!.params as { text: string }).text = 'changed';
    const next = instantiateText(t, [b, a], TITLE, 'second') as typeof runtime;
    expect(next.operators[1]!.params).toEqual({ text: 'second', expr: `"second" + 'second'` });
    expect(next.operators[2]!.data).toBe(b);
  });

  it('declines what text replacement would copy differently', () => {
    expect(textTemplate({ [TITLE]: 'in a key', t: TITLE }, SLOT, TITLE)).toBeNull();
    expect(textTemplate({ a: [{ [SLOT]: 0 }], b: [{ [SLOT]: 0 }], t: TITLE }, SLOT, TITLE)).toBeNull();
    expect(textTemplate({ a: [{ [SLOT]: 1 }], t: TITLE }, SLOT, TITLE)).toBeNull();
    expect(textTemplate({ a: [{ [SLOT]: 0 }], t: 'no title' }, SLOT, TITLE)).toBeNull();
    const t = textTemplate({ a: [{ [SLOT]: 0 }], t: TITLE }, SLOT, TITLE)!;
    expect(instantiateText(t, [[], []], TITLE, 'x')).toBeNull();
  });
});

describe("the build's curves templates, from the second chart of a shape on", () => {
  const history = (n: number, k: number): HistoryRow[] =>
    Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: k / (i + 1), accuracy: i / (n + k), val_loss: (k + 0.1) / (i + 1), val_accuracy: i / (n + k + 1) }));

  it('draws each chart byte-identical to compiling its spec', async () => {
    const dist = (await import(pathToFileURL(join(ROOT, 'dist', 'results', 'charts.js')).href)) as { renderSvg: typeof renderSvg };
    // 40 epochs: the shape of the build's template for runs over 30 epochs (more epochs are more points, same shape).
    const charts = [1, 2, 3, 4].map((k) => curvesSpec(history(40, k), `bench-sweep/point ${k}`));
    const svgs: string[] = [];
    for (const spec of charts) {
      const svg = await dist.renderSvg(spec);
      expect(svg).toBe(await renderSvg(spec, false));
      svgs.push(svg);
    }
    expect(new Set(svgs).size).toBe(charts.length);
  });
});
