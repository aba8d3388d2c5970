/**
 * Reads a results folder into run entries and sweep views: what the page shows before
 * anything reruns, and all that the static report shows. Unreadable folders are passed over.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { higherIsBetter } from '../results/chart-specs.js';
import { defaultRankBy, groupPoints, rankGroups, readPoints, type PointResult } from '../sweep/summary.js';
import { emptyRun, MAX_ROWS, statusOf, type RunEntry, type SweepView } from './model.js';

/** Folders looked at, at most: a results folder is a few hundred runs. */
const MAX_FOLDERS = 2000;
const MAX_HISTORY_BYTES = 8 * 1024 * 1024;

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function subfolders(dir: string): string[] {
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort().slice(0, MAX_FOLDERS);
}

/** One run folder (a single experiment or a point) as an entry; null when it holds no results. */
export function readRun(dir: string, name: string): RunEntry | null {
  try {
    if (existsSync(join(dir, 'history.csv')) && statSync(join(dir, 'history.csv')).size > MAX_HISTORY_BYTES) return null;
    const [p] = readPoints(join(dir, '..'), [dir.split('/').pop()!]);
    return p ? fromPoint(p, name) : null;
  } catch {
    return null;
  }
}

export function fromPoint(p: PointResult, name: string): RunEntry {
  const history = p.history.slice(-MAX_ROWS) as RunEntry['history'];
  return {
    ...emptyRun(name), group: p.group, seed: p.seed, status: statusOf(p.status), epoch: p.epochs_run,
    epochs: p.epochs_run, history, final: p.final,
  };
}

/** A sweep's ranking from the points read so far (rank_by as the sweep states it, else the default). */
export function sweepView(name: string, points: PointResult[]): SweepView {
  const rankBy = points.find((p) => p.rank_by)?.rank_by ?? defaultRankBy(points);
  return { name, rank_by: rankBy, higher_is_better: higherIsBetter(rankBy), rows: rankGroups(groupPoints(points), rankBy) };
}

/** Every run and sweep under `out`, in folder order. */
export function scanResults(out: string): { runs: RunEntry[]; sweeps: SweepView[]; points: Map<string, PointResult> } {
  const runs: RunEntry[] = [];
  const sweeps: SweepView[] = [];
  const points = new Map<string, PointResult>();
  for (const name of subfolders(out)) {
    const dir = join(out, name);
    if (existsSync(join(dir, 'metrics.json'))) {
      const r = readRun(dir, name);
      if (r) runs.push(r);
      continue;
    }
    const found = readPoints(dir, subfolders(dir)).filter((p) => p.history.length <= MAX_ROWS * 10);
    if (!found.length) continue;
    for (const p of found) {
      points.set(`${name}/${p.slug}`, p);
      runs.push(fromPoint(p, `${name}/${p.slug}`));
    }
    sweeps.push(sweepView(name, found));
  }
  return { runs, sweeps, points };
}
