/**
 * One row per experiment under a results folder (and per sweep point): its
 * status, whether it is up to date with its experiment file, its key settings
 * and final metrics. Read only: nothing is locked, recovered or written.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanFolders, type RunFolder, type SweepFolder } from './folders.js';
import type { KnownExperiment } from './experiments.js';
import { settingsOf } from './settings.js';
import { runState, type Expected, type ShowStatus, type Unknown } from './state.js';

export interface ShowRow {
  /** `NAME`, or `NAME/SLUG` for a sweep point. */
  name: string;
  kind: 'run' | 'sweep' | 'point';
  status: ShowStatus;
  up_to_date: boolean | null;
  reason: string;
  /** The experiment file compared with, relative to the working directory; null when none names these results. */
  yaml: string | null;
  model: string;
  optimizer: string;
  loss: string;
  epochs: number | null;
  epochs_run: number | null;
  metrics: Record<string, number | null>;
  results_dir: string;
}

/** run.json and the like are small; a larger file is not read (its settings show empty). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

function readJson(file: string): unknown {
  try {
    if ((statSync(file).size ?? 0) > MAX_JSON_BYTES) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const fieldOf = (v: unknown, k: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined);

/** metrics.json's final metrics (numbers and nulls only), {} when unreadable. */
function finalOf(metrics: unknown): Record<string, number | null> {
  const final = fieldOf(metrics, 'final');
  if (typeof final !== 'object' || final === null) return {};
  return Object.fromEntries(Object.entries(final).filter(([, v]) => v === null || typeof v === 'number')) as Record<string, number | null>;
}

/** A run folder as a row: settings from its run.json (else `fallback`, the experiment file's), metrics from metrics.json. */
function runRow(f: RunFolder, kind: 'run' | 'point', want: Expected | Unknown, yaml: string | null, fallback: unknown): ShowRow {
  const state = runState(f.dir, want);
  const run = readJson(join(f.dir, 'run.json'));
  const features = fieldOf(readJson(join(f.dir, 'preprocessing.json')), 'features');
  const metrics = readJson(join(f.dir, 'metrics.json'));
  const epochsRun = fieldOf(metrics, 'epochs_run');
  const settings = settingsOf(fieldOf(run, 'experiment') ?? fallback, Array.isArray(features) ? features.length : null);
  return {
    name: f.name, kind, ...state, yaml, ...settings,
    epochs_run: typeof epochsRun === 'number' ? epochsRun : null,
    metrics: finalOf(metrics),
    results_dir: relative(process.cwd(), f.dir) || '.',
  };
}

/** Worst first: the sweep row shows the status that needs attention. */
const STATUS_ORDER: ShowStatus[] = ['locked-running', 'incomplete', 'stale', 'diverged', 'done'];

/** Why a point folder has nothing to compare with: no file, an invalid one, or a file that no longer plans it. */
function pointUnknown(known: KnownExperiment | undefined): Unknown {
  if (!known) return 'no yaml';
  return known.expected === 'invalid yaml' || known.badSweep ? 'invalid yaml' : 'not in yaml';
}

/** The sweep's own row: its most urgent point's status; up to date when every point its file plans is. */
function sweepHead(s: SweepFolder, known: KnownExperiment | undefined, points: ShowRow[]): ShowRow {
  // A sweep with points not run yet is incomplete; with no point folders at all, it was never run.
  const pointStatus: ShowStatus[] = points.map((p) => (p.status === 'missing' ? 'incomplete' : p.status));
  const status = points.every((p) => p.status === 'missing') ? (points.length ? 'missing' : 'incomplete') : STATUS_ORDER.find((st) => pointStatus.includes(st))!;
  // Folders of points the file no longer plans are left alone by run: they do not make the sweep stale.
  const counted = known?.points ? points.filter((p) => p.reason !== 'not in yaml') : points;
  const behind = counted.filter((p) => p.up_to_date === false).length;
  const fresh = behind > 0 ? false : counted.length > 0 && counted.every((p) => p.up_to_date === true) ? true : null;
  const notRun = points.filter((p) => p.status === 'missing').length;
  return {
    name: s.name, kind: 'sweep', status, up_to_date: fresh,
    reason: fresh === true ? 'up to date' : fresh === false ? `${behind} of ${counted.length} points` : pointUnknown(known),
    yaml: known?.file ?? null, model: `sweep of ${points.length} points${notRun ? ` (${notRun} not run)` : ''}`, optimizer: '', loss: '',
    epochs: null, epochs_run: null, metrics: {}, results_dir: relative(process.cwd(), s.dir) || '.',
  };
}

function sweepRows(s: SweepFolder, known: KnownExperiment | undefined): ShowRow[] {
  const planned = known?.points ?? new Map<string, { expected: Expected; experiment: unknown }>();
  const present = new Set(s.points.map((p) => p.name.slice(s.name.length + 1)));
  // Points the experiment file plans that have no folder yet are shown as missing.
  const folders = [...s.points, ...[...planned.keys()].filter((slug) => !present.has(slug)).map((slug) => ({ name: `${s.name}/${slug}`, dir: join(s.dir, slug) }))]
    .sort((a, b) => a.name.localeCompare(b.name));
  const points = folders.map((f) => {
    const p = planned.get(f.name.slice(s.name.length + 1));
    return runRow(f, 'point', p?.expected ?? pointUnknown(known), known ? known.file : null, p?.experiment);
  });
  return [sweepHead(s, known, points), ...points];
}

/** Every row under `out`, in name order, each sweep followed by its points. */
export function showRows(out: string, experiments: ReadonlyMap<string, KnownExperiment>): ShowRow[] {
  const isSweep = (name: string) => experiments.get(name)?.points != null || experiments.get(name)?.badSweep === true;
  return scanFolders(out, isSweep).flatMap((found) => {
    if (found.kind === 'sweep') return sweepRows(found.sweep, experiments.get(found.sweep.name));
    const known = experiments.get(found.run.name);
    return [runRow(found.run, 'run', known?.expected ?? 'no yaml', known?.file ?? null, known?.experiment)];
  });
}
