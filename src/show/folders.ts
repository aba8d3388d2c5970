/**
 * What lies under a results folder, read only: single runs, sweeps and their
 * points, including runs that exist only as a lock (training for the first
 * time) or as a killed write's leftovers (`.NAME.tmp-*`, `.NAME.old-*`).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_FILES } from '../results/complete.js';

/** Folders looked at per level, at most: a results folder is a few hundred runs. */
export const MAX_FOLDERS = 2000;

export interface RunFolder {
  /** `NAME`, or `NAME/SLUG` for a sweep point. */
  name: string;
  dir: string;
}

export interface SweepFolder {
  name: string;
  dir: string;
  points: RunFolder[];
}

export type Found = { kind: 'run'; run: RunFolder } | { kind: 'sweep'; sweep: SweepFolder };

/** `.NAME.lock` (a file), `.NAME.tmp-TAG`, `.NAME.old-TAG` (folders): the NAME they stand for. */
const LOCK_OF = /^\.(.+)\.lock$/;
const LEFTOVER_OF = /^\.(.+)\.(?:tmp|old)-\d+-[0-9a-f]+$/;

function statOrNull(p: string) {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // ENOTDIR, EACCES: nothing to show there
  }
}
const isDir = (p: string) => statOrNull(p)?.isDirectory() === true;

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Visible subfolders and the names hidden leftovers and locks stand for, sorted, without repeats. */
export function namesIn(dir: string): string[] {
  const names = new Set<string>();
  for (const e of entriesOf(dir)) {
    // A sweep's `.summary.md.tmp-TAG` is a file: only folders are a run's leftovers.
    const hidden = LOCK_OF.exec(e) ?? (isDir(join(dir, e)) ? LEFTOVER_OF.exec(e) : null);
    if (hidden) names.add(hidden[1]!);
    else if (!e.startsWith('.') && isDir(join(dir, e))) names.add(e);
  }
  return [...names].sort().slice(0, MAX_FOLDERS);
}

/** A folder holding any file a run writes (even one): a run folder, whole or not. */
function looksLikeRun(dir: string): boolean {
  return RESULT_FILES.some((f) => statOrNull(join(dir, f.split('/')[0]!)) !== null);
}

/**
 * Everything under `out`, in name order. A folder is a sweep when it holds no
 * run file but point folders (or a summary); an empty or absent one is a run
 * unless `isSweep(name)` (its experiment file) says it is a sweep.
 */
export function scanFolders(out: string, isSweep: (name: string) => boolean): Found[] {
  return namesIn(out).map((name): Found => {
    const dir = join(out, name);
    const runFiles = isDir(dir) && looksLikeRun(dir);
    const points = isDir(dir) && !runFiles ? namesIn(dir) : [];
    const summary = !runFiles && statOrNull(join(dir, 'summary.json')) !== null;
    if (points.length > 0 || summary || (!runFiles && isSweep(name))) {
      return { kind: 'sweep', sweep: { name, dir, points: points.map((p) => ({ name: `${name}/${p}`, dir: join(dir, p) })) } };
    }
    return { kind: 'run', run: { name, dir } };
  });
}
