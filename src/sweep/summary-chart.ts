/**
 * What summary.svg shows of each ranked group: one point's history as it is, or for seed
 * repeats the per-epoch mean and std over the seeds (the same mean ± std as summary.md).
 */
import type { HistoryRow, SummaryPoint } from '../results/charts.js';
import type { GroupRow, PointResult } from './summary.js';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Per epoch and column: the mean and (population) std of the seeds' finite values. */
export function seedBands(histories: HistoryRow[][]): { mean: HistoryRow[]; std: HistoryRow[] } {
  const byEpoch = new Map<number, Map<string, number[]>>();
  for (const h of histories) {
    for (const row of h) {
      if (!finite(row.epoch)) continue;
      const cols = byEpoch.get(row.epoch) ?? new Map<string, number[]>();
      byEpoch.set(row.epoch, cols);
      for (const [k, v] of Object.entries(row)) {
        if (k === 'epoch' || !finite(v)) continue;
        const xs = cols.get(k);
        if (xs) xs.push(v);
        else cols.set(k, [v]);
      }
    }
  }
  const mean: HistoryRow[] = [];
  const std: HistoryRow[] = [];
  for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const m: HistoryRow = { epoch };
    const s: HistoryRow = { epoch };
    for (const [k, xs] of byEpoch.get(epoch)!) {
      const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
      m[k] = mu;
      s[k] = Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / xs.length);
    }
    mean.push(m);
    std.push(s);
  }
  return { mean, std };
}

/** The chart's points, in ranking order: seed groups as mean ± std, single points as they are. */
export function summaryPoints(rows: GroupRow[], points: PointResult[], rankBy: string): SummaryPoint[] {
  return rows.map((r) => {
    const members = points.filter((p) => p.group === r.group);
    const first = members[0]!;
    const base = { label: r.group, rank: r.mean[rankBy] ?? null, loss: first.loss ?? null };
    if (members.length < 2) return { ...base, history: first.history };
    const { mean, std } = seedBands(members.map((p) => p.history));
    return { ...base, history: mean, spread: std, rankStd: r.std?.[rankBy] ?? null };
  });
}
