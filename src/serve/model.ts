/**
 * What the live page and the report show: one entry per run (a single experiment or a
 * sweep point), one view per sweep, and the issues of every file that is invalid now.
 * The same shape is sent to the page (Server-Sent Events) and inlined in the report.
 */
import type { GroupRow } from '../sweep/summary.js';

export type RunStatus = 'queued' | 'training' | 'done' | 'diverged' | 'stopped early' | 'up to date' | 'cancelled' | 'error' | 'removed';

/** One epoch: `epoch` plus every logged metric (null where a value was not finite). */
export type Row = Record<string, number | null>;

export interface RunEntry {
  name: string;
  /** The sweep this run is a point of, or null. */
  sweep: string | null;
  /** The point's group (seed repeats share one) and seed, for sweep points. */
  group: string | null;
  seed: number | null;
  status: RunStatus;
  epoch: number;
  epochs: number;
  history: Row[];
  final: Record<string, number | null> | null;
  /** The experiment file, relative to where watch runs (null when read from a results folder). */
  file: string | null;
  /** True while the file is invalid: the results shown are the last good ones. */
  stale: boolean;
  message: string | null;
}

export interface SweepView {
  name: string;
  rank_by: string;
  higher_is_better: boolean;
  /** Groups ranked best first; mean ± std over seeds. */
  rows: GroupRow[];
}

export interface FileIssues {
  file: string;
  /** Each issue as the terminal prints it (file:line:col, message, code frame, hint), without colour. */
  texts: string[];
  lines: number[];
}

export interface Snapshot {
  title: string;
  live: boolean;
  runs: RunEntry[];
  sweeps: SweepView[];
  invalid: FileIssues[];
}

/** Longest history kept per run (the schema's epoch bound is far above what a page can draw). */
export const MAX_ROWS = 10_000;

export function emptyRun(name: string): RunEntry {
  const slash = name.indexOf('/');
  return {
    name, sweep: slash > 0 ? name.slice(0, slash) : null, group: null, seed: null, status: 'queued',
    epoch: 0, epochs: 0, history: [], final: null, file: null, stale: false, message: null,
  };
}

export function statusOf(written: string): RunStatus {
  if (written === 'diverged') return 'diverged';
  if (written === 'stopped_early') return 'stopped early';
  if (written === 'up_to_date') return 'up to date';
  if (written === 'cancelled') return 'cancelled';
  return 'done';
}
