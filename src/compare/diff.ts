/** Metric differences between two sets of results, like `dvc metrics diff`. */
import type { MetricsSet } from './sources.js';

export interface DiffRow {
  experiment: string;
  metric: string;
  old: number | string | null;
  new: number | string | null;
  /** new - old for numbers; null when either side is missing or not a number. */
  change: number | null;
  changed: boolean;
}

export function diffMetrics(oldSet: MetricsSet, newSet: MetricsSet): DiffRow[] {
  const rows: DiffRow[] = [];
  const experiments = [...new Set([...oldSet.keys(), ...newSet.keys()])].sort();
  for (const e of experiments) {
    const a = oldSet.get(e);
    const b = newSet.get(e);
    const flat = (m: typeof a): Record<string, number | string | null> =>
      m ? { ...m.final, ...(m.epochs_run !== undefined ? { epochs_run: m.epochs_run } : {}), ...(m.status !== undefined ? { status: m.status } : {}) } : {};
    const fa = flat(a);
    const fb = flat(b);
    for (const metric of [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort()) {
      const o = metric in fa ? fa[metric]! : null;
      const n = metric in fb ? fb[metric]! : null;
      const change = typeof o === 'number' && typeof n === 'number' ? Number((n - o).toPrecision(6)) : null;
      rows.push({ experiment: e, metric, old: o, new: n, change, changed: o !== n || !(metric in fa) || !(metric in fb) });
    }
  }
  return rows;
}

export function formatChange(r: DiffRow): string {
  if (r.change === null) return r.old === null ? 'added' : r.new === null ? 'removed' : r.changed ? 'changed' : '';
  if (r.change === 0) return '0';
  const rel = typeof r.old === 'number' && r.old !== 0 ? ` (${r.change > 0 ? '+' : ''}${((r.change / Math.abs(r.old)) * 100).toFixed(1)}%)` : '';
  return `${r.change > 0 ? '+' : ''}${r.change}${rel}`;
}
