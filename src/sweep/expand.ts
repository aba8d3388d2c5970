/**
 * Expands a sweep into points: variants × grid (the grid's first key
 * outermost), each point repeated per seed. A point's index is stable for a
 * given sweep, and its slug names its changes for a results folder.
 */
import { createHash } from 'node:crypto';

export type Change = { path: string; value: unknown; /** where the change was written, for positions */ from: (string | number)[] };

export interface Point {
  index: number;
  /** Folder name under results/NAME/: the variant's name and/or `key=value` pairs. */
  slug: string;
  /** The slug without the seed, shared by a point's seed repeats. */
  group: string;
  changes: Change[];
  seed: number | null;
  variant: string | null;
}

export interface SweepSpec {
  grid?: Record<string, unknown[]>;
  variants?: ({ name?: string } & Record<string, unknown>)[];
  seeds?: number[];
}

const SAFE = /[^A-Za-z0-9._=+,-]/g;
const MAX_SLUG = 100;

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string') {
    const { type, ...rest } = v as Record<string, unknown>;
    const params = Object.entries(rest).map(([k, x]) => `${k}=${formatValue(x)}`);
    return [type as string, ...params].join('+');
  }
  return JSON.stringify(v);
}

/** The shortest suffix of each path that no other path shares (`model.1.activation` → `1.activation` when `0.activation` is swept too). */
export function shortKeys(paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const segs = p.split('.');
    for (let n = 1; n <= segs.length; n++) {
      const key = segs.slice(-n).join('.');
      const clash = paths.some((q) => q !== p && (q === key || q.endsWith(`.${key}`)));
      if (!clash || n === segs.length) {
        out.set(p, key);
        break;
      }
    }
  }
  return out;
}

/**
 * A point's folder name: one path segment of at most 100 characters, safe on
 * every filesystem and in git. Characters outside `A-Za-z0-9._=+,-` become
 * `_`, as do a leading dot (a hidden folder, `.` or `..`) and a trailing one
 * (Windows drops it), so the name still reads; two points that this makes
 * equal are reported as `sweep-duplicate-name` before anything runs. A name
 * too long is cut and ends in `~` and 12 hex digits of its sha256, so long
 * values that share a beginning stay apart.
 */
export function safeSegment(raw: string): string {
  const safe = raw.replace(SAFE, '_').replace(/^\./, '_').replace(/\.$/, '_');
  if (safe.length <= MAX_SLUG) return safe;
  return `${safe.slice(0, MAX_SLUG - 13)}~${createHash('sha256').update(raw).digest('hex').slice(0, 12)}`;
}

export function slugOf(changes: Change[], variant: string | null, keys: Map<string, string>, seed: number | null = null): string {
  const parts = changes
    .filter((c) => variant === null || !c.from.includes('variants'))
    .map((c) => `${keys.get(c.path) ?? c.path}=${formatValue(c.value)}`)
    .sort();
  const raw = [...(variant !== null ? [variant] : []), ...parts].join(',') || 'base';
  return safeSegment(seed === null ? raw : `${raw},seed=${seed}`);
}

export function expandSweep(sweep: SweepSpec): Point[] {
  const gridKeys = Object.keys(sweep.grid ?? {});
  let combos: Change[][] = [[]];
  for (const k of gridKeys) {
    const values = sweep.grid![k]!;
    combos = combos.flatMap((c) => values.map((v, vi) => [...c, { path: k, value: v, from: ['sweep', 'grid', k, vi] }]));
  }
  const variants = sweep.variants?.length ? sweep.variants : [null];
  const allPaths = [
    ...gridKeys,
    ...(sweep.variants ?? []).flatMap((v) => Object.keys(v).filter((k) => k !== 'name')),
  ];
  const keys = shortKeys([...new Set(allPaths)]);
  const seeds = sweep.seeds?.length ? sweep.seeds : [null];
  const points: Point[] = [];
  variants.forEach((variant, vi) => {
    const vChanges: Change[] = variant
      ? Object.entries(variant).filter(([k]) => k !== 'name').map(([k, v]) => ({ path: k, value: v, from: ['sweep', 'variants', vi, k] }))
      : [];
    const vName = variant ? (typeof variant.name === 'string' ? variant.name : null) : null;
    for (const combo of combos) {
      const changes = [...vChanges, ...combo];
      const group = slugOf(changes, vName, keys);
      for (const seed of seeds) {
        points.push({
          index: points.length,
          slug: slugOf(changes, vName, keys, seed),
          group,
          changes: seed === null ? changes : [...changes, { path: 'seed', value: seed, from: ['sweep', 'seeds'] }],
          seed,
          variant: vName,
        });
      }
    }
  });
  return points;
}

/** Points whose index modulo `of` is `shard - 1` (`--shard I/N`). */
export const shardOf = <P extends Pick<Point, 'index'>>(points: P[], shard: number, of: number): P[] => points.filter((p) => p.index % of === shard - 1);
