/** A sweep as a plan: its validated points, the shard this machine runs, and what each point records in run.json. */
import type { LoadResult } from '../load/load.js';
import { hasErrors, type Issue } from '../load/issues.js';
import { fsHost } from '../load/fs-host.js';
import { formatValue, shardOf } from './expand.js';
import { resolvePoints, sweepWithMultirun, type ResolvedPoint } from './points.js';
import type { PointMeta } from './summary.js';

/** The experiment's sweep (and -m sweeps) resolved into points; null when there is nothing to sweep. */
export function planSweep(load: LoadResult, multirun: string[]): { points: ResolvedPoint[]; issues: Issue[] } | null {
  const { sweep, issues, argOf } = sweepWithMultirun(load, multirun);
  if (hasErrors(issues)) return { points: [], issues };
  if (!sweep || (!sweep.grid && !sweep.variants && !sweep.seeds)) return null;
  return resolvePoints(load, sweep, fsHost, argOf);
}

/** The points `--shard I/N` picks (all of them without a shard). */
export function shardPoints(points: ResolvedPoint[], shard?: { index: number; of: number }): ResolvedPoint[] {
  return shard ? shardOf(points, shard.index, shard.of) : points;
}

/** What run.json records as `point`: the slug, the seed group, the changed settings and the sweep's rank_by. */
export function pointMeta(p: ResolvedPoint, rankBy: string | null): PointMeta {
  return { slug: p.slug, group: p.group, seed: p.seed, rank_by: rankBy, changes: Object.fromEntries(p.changes.map((c) => [c.path, c.value])) };
}

/** One line (two when settings change) naming a point for the dry-run listing. */
export function describePoint(p: ResolvedPoint): string {
  const changes = p.changes.map((c) => `${c.path}=${formatValue(c.value)}`).join('  ');
  return `${String(p.index + 1).padStart(3)}  ${p.slug}${changes ? `\n       ${changes}` : ''}`;
}
