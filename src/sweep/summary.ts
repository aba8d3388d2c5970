/**
 * A sweep's summary, rebuilt from whatever point folders are present:
 * summary.md (a table a git host renders), summary.json and summary.svg.
 * Seed repeats of a point are folded into mean ± std.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { higherIsBetter } from '../results/chart-specs.js';
import { renderSummarySvg } from '../results/charts.js';
import { round6, stableJson } from '../results/format.js';
import { markdownTable, markdownText } from '../results/table.js';
import type { HistoryRow } from '../engine/train.js';
import { formatValue } from './expand.js';
import { summaryPoints } from './summary-chart.js';

export interface PointMeta {
  slug: string;
  group: string;
  changes: Record<string, unknown>;
  seed: number | null;
  rank_by?: string | null;
}
export interface PointResult extends PointMeta {
  status: string;
  epochs_run: number;
  final: Record<string, number | null>;
  history: HistoryRow[];
  /** The loss it trains with (run.json's compile.loss as JSON), so the summary never puts different losses on one axis. */
  loss?: string | null;
}
export interface GroupRow {
  group: string;
  changes: Record<string, unknown>;
  seeds: number[];
  status: string;
  mean: Record<string, number | null>;
  std: Record<string, number | null> | null;
}

function readHistory(file: string): HistoryRow[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = (head ?? '').split(',');
  if (cols[0] !== 'epoch') throw new Error('history.csv has no "epoch,..." header');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v === '' ? null : Number(v)])) as HistoryRow);
}

function readJsonObject(file: string): Record<string, unknown> {
  const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
  return v as Record<string, unknown>;
}

/** One point folder's result; throws with what is wrong when a file is missing or does not parse. */
function readPoint(p: string, slug: string): PointResult {
  const file = (f: string) => {
    if (!existsSync(join(p, f))) throw new Error(`${f} is missing`);
    return join(p, f);
  };
  const parse = (f: string) => {
    try {
      return readJsonObject(file(f));
    } catch (e) {
      throw new Error(existsSync(join(p, f)) ? `${f} does not parse (${(e as Error).message})` : (e as Error).message);
    }
  };
  const run = parse('run.json') as { point?: PointMeta; experiment?: { compile?: { loss?: unknown } } };
  const metrics = parse('metrics.json') as { final?: Record<string, number | null>; status?: string; epochs_run?: number };
  if (typeof metrics.final !== 'object' || metrics.final === null) throw new Error('metrics.json has no final metrics');
  const history = readHistory(file('history.csv'));
  const meta = run.point ?? { slug, group: slug, changes: {}, seed: null };
  const loss = run.experiment?.compile?.loss;
  return {
    ...meta, slug, status: String(metrics.status ?? 'unknown'), epochs_run: Number(metrics.epochs_run ?? history.length), final: metrics.final, history,
    loss: loss === undefined ? null : stableJson(loss),
  };
}

/**
 * Reads the points under a sweep's folder (all of them, or only `slugs`), in folder order.
 * A folder without run.json and metrics.json is not a point and is passed over; a point whose
 * files are missing or do not parse is reported to `onProblem` and left out, never thrown.
 */
export function readPoints(dir: string, slugs?: string[], onProblem?: (slug: string, problem: string) => void): PointResult[] {
  const names = slugs ?? (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : []);
  const out: PointResult[] = [];
  for (const slug of names) {
    const p = join(dir, slug);
    // A folder with neither file is not a point (nor a half-written one).
    if (!existsSync(join(p, 'run.json')) && !existsSync(join(p, 'metrics.json'))) continue;
    try {
      out.push(readPoint(p, slug));
    } catch (e) {
      onProblem?.(slug, (e as Error).message);
    }
  }
  return out;
}

export function defaultRankBy(points: PointResult[]): string {
  const has = (k: string) => points.some((p) => p.final[k] !== undefined && p.final[k] !== null);
  return ['test_accuracy', 'val_accuracy', 'val_loss', 'loss'].find(has) ?? 'loss';
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

export function groupPoints(points: PointResult[]): GroupRow[] {
  const groups = new Map<string, PointResult[]>();
  for (const p of points) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  return [...groups].map(([group, ps]) => {
    const keys = [...new Set(ps.flatMap((p) => Object.keys(p.final)))];
    const vals = (k: string) => ps.map((p) => p.final[k]).filter((v): v is number => typeof v === 'number');
    const agg = (f: (xs: number[]) => number) => Object.fromEntries(keys.map((k) => [k, vals(k).length ? round6(f(vals(k))) : null]));
    const { seed: _s, ...changes } = ps[0]!.changes;
    return {
      group, changes, seeds: ps.map((p) => p.seed).filter((s): s is number => s !== null),
      status: ps.every((p) => p.status === ps[0]!.status) ? ps[0]!.status : 'mixed',
      mean: agg(mean), std: ps.length > 1 ? agg(std) : null,
    };
  });
}

export function rankGroups(rows: GroupRow[], rankBy: string): GroupRow[] {
  const dir = higherIsBetter(rankBy) ? -1 : 1;
  const key = (r: GroupRow) => (typeof r.mean[rankBy] === 'number' ? dir * (r.mean[rankBy] as number) : Infinity);
  return [...rows].sort((a, b) => key(a) - key(b) || a.group.localeCompare(b.group));
}

const METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'];

export function summaryMarkdown(name: string, rows: GroupRow[], rankBy: string): string {
  const changeCols = [...new Set(rows.flatMap((r) => Object.keys(r.changes)))];
  const metricCols = [...METRICS.filter((m) => rows.some((r) => r.mean[m] !== undefined)), ...[...new Set(rows.flatMap((r) => Object.keys(r.mean)))].filter((m) => !METRICS.includes(m)).sort()];
  const cell = (r: GroupRow, m: string) => {
    const v = r.mean[m];
    if (v === null || v === undefined) return '';
    const s = r.std?.[m];
    return s === null || s === undefined ? String(v) : `${v} ± ${s}`;
  };
  const table = markdownTable(
    ['rank', 'point', ...changeCols.map(markdownText), ...metricCols.map((m) => (m === rankBy ? `**${markdownText(m)}**` : markdownText(m))), 'status'],
    rows.map((r, i) => [String(i + 1), r.group, ...changeCols.map((c) => (c in r.changes ? formatValue(r.changes[c]) : '')), ...metricCols.map((m) => cell(r, m)), r.status]),
  );
  const seeds = rows.some((r) => r.seeds.length > 1) ? ` Values are mean ± std over seeds ${rows[0]!.seeds.join(', ')}.` : '';
  // rank_by and the folder name are user text: a plain name goes in a code span, anything else escaped.
  const by = /^[A-Za-z0-9_.-]+$/.test(rankBy) ? `\`${rankBy}\`` : markdownText(rankBy);
  return `# ${markdownText(name)}\n\nRanked by ${by} (${higherIsBetter(rankBy) ? 'higher' : 'lower'} is better).${seeds}\n\n${table}\n\n![summary](summary.svg)\n`;
}

export async function summaryFiles(name: string, points: PointResult[], rankBy?: string): Promise<Record<string, string>> {
  const by = rankBy ?? defaultRankBy(points);
  const rows = rankGroups(groupPoints(points), by);
  const svg = await renderSummarySvg(summaryPoints(rows, points, by), by, name);
  return {
    'summary.md': summaryMarkdown(name, rows, by),
    'summary.json': stableJson({ name, rank_by: by, points: rows }),
    'summary.svg': svg,
  };
}
