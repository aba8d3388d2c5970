/**
 * A run folder's status and whether it is up to date, decided as `run`
 * decides "NAME: up to date" (results/freshness.ts), without locking or
 * writing anything.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRunJson, resultsProblem } from '../results/complete.js';
import { isUpToDate, leftoversOf } from '../results/freshness.js';
import { lockPathOf, pidAlive } from '../results/lock.js';

export type ShowStatus = 'done' | 'diverged' | 'incomplete' | 'locked-running' | 'stale' | 'missing';

/** What the experiment file would produce now: run.json's hash, engine and data file hashes. */
export interface Expected {
  hash: string;
  engine: string;
  data: Record<string, string>;
}

/** No experiment file names this folder, the one that does is invalid, or (a sweep point) no longer plans it: freshness unknown. */
export type Unknown = 'no yaml' | 'invalid yaml' | 'not in yaml';

export interface RunState {
  status: ShowStatus;
  up_to_date: boolean | null;
  /** Why not up to date, or why unknown; 'up to date' otherwise. */
  reason: string;
}

/** The pid of a live process holding `dir`'s lock, or null (a stale lock is no one's). */
export function liveLockOwner(dir: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(dir), 'utf8').slice(0, 200);
  } catch {
    return null;
  }
  const pid = Number(text.trim().split(/\s+/)[0]);
  return pidAlive(pid) ? pid : null;
}

const sameData = (a: unknown, b: Record<string, string>) =>
  JSON.stringify(Object.entries((a ?? {}) as Record<string, unknown>).sort()) === JSON.stringify(Object.entries(b).sort());

/** Why a folder is not up to date with `want`: the first difference that `run` would act on. */
function whyStale(dir: string, want: Expected): string {
  if (resultsProblem(dir) !== null || leftoversOf(dir).length > 0) return 'incomplete';
  const run = readRunJson(dir) as { hash?: string; engine?: string; data_files?: unknown } | null;
  if (run?.hash === want.hash) return 'engine changed';
  return sameData(run?.data_files, want.data) ? 'yaml changed' : 'data changed';
}

function metricsStatus(dir: string): string | null {
  try {
    return String((JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { status?: unknown }).status ?? '');
  } catch {
    return null;
  }
}

function isFolder(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false; // a file where a folder of the path should be
  }
}

/** The status and freshness of one run folder (a single run or a sweep point). */
export function runState(dir: string, want: Expected | Unknown): RunState {
  const exists = isFolder(dir);
  const leftovers = leftoversOf(dir).length > 0;
  const whole = exists && !leftovers && resultsProblem(dir) === null;
  let up_to_date: boolean | null = null;
  let reason: string = typeof want === 'string' ? want : 'up to date';
  if (typeof want !== 'string') {
    up_to_date = whole && isUpToDate(dir, want.hash, want.engine);
    if (!up_to_date) reason = exists || leftovers ? whyStale(dir, want) : 'not run';
  }
  let status: ShowStatus;
  if (liveLockOwner(dir) !== null) status = 'locked-running';
  else if (!exists && !leftovers) status = 'missing';
  else if (!whole) status = 'incomplete';
  else if (metricsStatus(dir) === 'diverged') status = 'diverged';
  else status = up_to_date === false ? 'stale' : 'done';
  return { status, up_to_date, reason };
}
