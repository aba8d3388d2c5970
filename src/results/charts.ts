/**
 * SVG charts for committed results. Pure (strings in, strings out) and byte-for-byte deterministic:
 * vega/vega-lite are loaded lazily, text is measured with vega's canvas-free estimate, and the
 * clip-path/gradient ids that vega numbers with module-level counters are renumbered per document.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { curvesSpec, summarySpec, type HistoryRow, type SummaryPoint } from './chart-specs.js';
import { instantiateText, textTemplate, type TextTemplate } from './chart-template-text.js';

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

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
const require = createRequire(import.meta.url);
let vegaLib: Vega | undefined;
let vlLib: VegaLite | undefined;

/**
 * vega and vega-lite, each loaded on first use (vega-lite only when a spec's dataflow is not
 * prebuilt). Both are CommonJS bundles (their `main`): `require` loads them as `import()` would,
 * without first scanning them for export names (~80 ms).
 */
function vega(): Vega {
  if (!vegaLib) {
    vegaLib = require('vega') as Vega;
    // vega re-exports vega-scenegraph's textMetrics at runtime; vega-typings doesn't declare it.
    const metrics = (vegaLib as unknown as { textMetrics?: { width: typeof textWidth } }).textMetrics;
    if (metrics) metrics.width = textWidth;
  }
  return vegaLib;
}
const vl = (): VegaLite => (vlLib ??= require('vega-lite') as VegaLite);

/** Loads vega now (watch mode does it while it waits for the first save). */
export function preloadCharts(): void {
  vega();
}

type Runtime = ReturnType<Vega['parse']>;
const compile = (spec: unknown): Runtime => vega().parse(vl().compile(spec as TopLevelSpec).spec as Parameters<Vega['parse']>[0]);

/**
 * The dataflow of a spec's shape: what vega-lite compiles and vega parses is the same for every
 * spec that differs only in its data values and title text, which both pass through unchanged
 * (compiling and parsing take ~13 ms of a ~35 ms chart, and ~60 ms on the first). So a spec is
 * compiled once with its `data.values` arrays replaced by slot markers and its title by a marker,
 * and each chart gets a copy of that dataflow with its own values and title put back.
 * The build (scripts/precompile.mjs) writes the dataflows of the usual curves.svg shapes into
 * dist/results/chart-templates/, so a fresh process neither loads vega-lite nor compiles (~90 ms).
 * test/results-charts.test.ts checks that the charts are byte-identical to compiling each spec.
 */
const SLOT = '__trainspec_slot';
const TITLE = 'trainspec-title-f3c9e1';
/** Titles that appear verbatim in every place vega puts them (JSON strings, expression code). */
const PLAIN_TITLE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;
const templates = new Map<string, Runtime | null>();
/** Templates read from the build's files, as text from their second chart on (chart-template-text.ts; a lone chart walks). */
const texts = new Map<string, TextTemplate | null | 'prebuilt' | 'used'>();

/** The spec with each `data.values` array replaced by a marker (collected in `slots`), or null when the shape cannot be shared. */
function templateOf(spec: TopLevelSpec, slots: unknown[][]): unknown {
  const title = (spec as { title?: unknown }).title;
  if (typeof title !== 'string' || !PLAIN_TITLE.test(title) || title.includes(TITLE)) return null;
  const seen = new Set<string>();
  let ok = true;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (k === 'data' && x && typeof x === 'object' && Array.isArray((x as { values?: unknown }).values)) {
        const values = (x as { values: unknown[] }).values;
        const text = JSON.stringify(values);
        // vega-lite merges equal inline data and may treat empty data apart: compile those as they are.
        if (values.length === 0 || seen.has(text)) ok = false;
        seen.add(text);
        out[k] = { ...(x as object), values: [{ [SLOT]: slots.push(values) - 1 }] };
      } else out[k] = walk(x);
    }
    return out;
  };
  const t = walk(spec) as Record<string, unknown>;
  t.title = TITLE;
  return ok ? t : null;
}

/** A copy of the template's dataflow with the slots' values and the title put back; null when a marker is not where expected. */
function instantiate(template: Runtime, slots: unknown[][], title: string): Runtime | null {
  const filled = new Set<number>();
  let titled = false;
  let twice = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.includes(TITLE)) return v;
      titled = true;
      return v.split(TITLE).join(title);
    }
    if (Array.isArray(v)) {
      const slot = v.length === 1 && v[0] && typeof v[0] === 'object' ? (v[0] as Record<string, unknown>)[SLOT] : undefined;
      if (typeof slot === 'number') {
        if (filled.has(slot) || slot >= slots.length) twice = true;
        filled.add(slot);
        return slots[slot];
      }
      return v.map(walk);
    }
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  const runtime = walk(template) as Runtime;
  return titled && !twice && filled.size === slots.length ? runtime : null;
}

/** Where the build puts a template's dataflow: named by the libraries' versions and the template. */
function templateFile(key: string): string {
  const versions = `vega ${(require('vega/package.json') as { version: string }).version}, vega-lite ${(require('vega-lite/package.json') as { version: string }).version}`;
  const name = createHash('sha256').update(`${versions}\n${key}`).digest('hex').slice(0, 24);
  return fileURLToPath(new URL(`./chart-templates/${name}.json`, import.meta.url));
}

function templateRuntime(key: string, template: unknown): Runtime {
  let t = templates.get(key);
  if (t === undefined) {
    const file = templateFile(key);
    const prebuilt = existsSync(file);
    templates.set(key, (t = prebuilt ? (JSON.parse(readFileSync(file, 'utf8')) as Runtime) : compile(template)));
    texts.set(key, prebuilt ? 'prebuilt' : null);
  }
  return t!;
}

/** vega's dataflow for a vega-lite spec (from the shape's template when it can be shared). */
function dataflow(spec: TopLevelSpec): Runtime {
  const slots: unknown[][] = [];
  const template = templateOf(spec, slots);
  if (template === null) return compile(spec);
  const key = JSON.stringify(template);
  if (templates.get(key) === null) return compile(spec);
  const runtime = templateRuntime(key, template);
  let text = texts.get(key);
  if (text === 'used') texts.set(key, (text = textTemplate(runtime, SLOT, TITLE)));
  else if (text === 'prebuilt') texts.set(key, 'used');
  const copy = text && typeof text === 'object' ? instantiateText(text, slots, TITLE, (spec as { title: string }).title) : instantiate(runtime, slots, (spec as { title: string }).title);
  if (copy) return copy as Runtime;
  templates.set(key, null);
  return compile(spec);
}

/**
 * For the build: the file and dataflow of a spec's template, or null when the spec's shape is not
 * shared or its dataflow does not survive JSON.
 */
export function prebuildTemplate(spec: TopLevelSpec): { file: string; json: string } | null {
  const template = templateOf(spec, []);
  if (template === null) return null;
  const runtime = compile(template);
  const json = JSON.stringify(runtime);
  // vega's parse output is made for serialising (its operators are small classes whose unset
  // fields are undefined, which JSON leaves out); anything else JSON would change fails the template.
  const same = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && !Number.isFinite(a)) return false;
    if (typeof a === 'function' || typeof a === 'symbol' || typeof a === 'bigint') return false;
    if (a === null || typeof a !== 'object') return a === b;
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => x !== undefined && same(x, b[i]));
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const defined = Object.entries(a).filter(([, x]) => x !== undefined);
    const o = b as Record<string, unknown>;
    return defined.length === Object.keys(o).length && defined.every(([k, x]) => k in o && same(x, o[k]));
  };
  return same(runtime, JSON.parse(json)) ? { file: templateFile(JSON.stringify(template)), json } : null;
}

/** Renders a vega-lite spec to normalised SVG; `shared: false` compiles the spec itself (tests compare the two). */
export async function renderSvg(spec: TopLevelSpec, shared = true): Promise<string> {
  const runtime = shared ? dataflow(spec) : compile(spec);
  const view = new (vega().View)(runtime, { renderer: 'none' });
  try {
    return normaliseSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Makes the markup independent of earlier renders in the same process and of last-ulp float
 * noise: `clipN` / `gradient_N` ids are renumbered in order of appearance, and numbers in
 * geometry attributes are rounded to 2 decimals (more than enough for a 360px panel). Each
 * element starts a line and the file ends with a newline.
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
  const rounded = renumbered.replace(/ (d|transform|points)="([^"]*)"/g, (_m, attr: string, value: string) => {
    const text = value.replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, (num) => {
      const r = Math.round(Number(num) * 100) / 100;
      return String(Object.is(r, -0) ? 0 : r);
    });
    return ` ${attr}="${text}"`;
  });
  // One element per line, so a diff shows the marks that changed. Never inside a text element
  // (a line break there would be text), and vega writes no other text content.
  return `${rounded.replace(/>(?=<(?!\/(?:text|tspan|title)>|tspan))/g, '>\n')}\n`;
}

/** Every recorded metric per epoch, training vs validation (chart-specs.ts). */
export async function renderCurvesSvg(history: HistoryRow[], title: string): Promise<string> {
  return renderSvg(curvesSpec(history, title));
}

/** Sweep summary: the points' curves overlaid, plus a sorted bar per ranking value (summary-spec.ts). */
export async function renderSummarySvg(points: SummaryPoint[], rankBy: string, title: string): Promise<string> {
  return renderSvg(summarySpec(points, rankBy, title));
}
