/**
 * What a run leaves for git: metrics.json, history.csv, run.json, the model
 * and curves.svg, all deterministic for the same experiment, data and backend.
 */
import type { DataFile } from '../load/data-facts.js';
import type { ResolvedExperiment } from '../load/resolve.js';
import type { RunOutcome } from '../engine/run.js';
import { VERSION } from '../version.js';
import { renderCurvesSvg } from './charts.js';
import { historyCsv, roundAll, sha256, stableJson } from './format.js';
import { preprocessingJson, preprocessingOf } from './preprocessing.js';
import type { Files } from './write.js';

/** The experiment as a run sees it: without its sweep block (a sweep point's identity is its own content). */
export const runIdentity = (x: ResolvedExperiment) => ({ ...x, sweep: null });

/** Identifies a run's inputs: the resolved experiment and the bytes of its data files. */
export function contentHash(x: ResolvedExperiment, dataFiles: DataFile[]): { hash: string; data: Record<string, string> } {
  const data = Object.fromEntries(dataFiles.map((f) => [f.path, f.sha256]));
  return { hash: sha256(stableJson({ data, experiment: runIdentity(x) })), data };
}

export function metricsJson(o: Pick<RunOutcome, 'final' | 'epochsRun' | 'status'>): string {
  return stableJson({ epochs_run: o.epochsRun, final: roundAll(o.final), status: o.status });
}

/** A sweep point's chart names the point (`sweep / slug`, its folder), not only the sweep all its points share. */
export function chartTitle(name: string, point?: Record<string, unknown>): string {
  return typeof point?.slug === 'string' ? `${name} / ${point.slug}` : name;
}

export async function resultFiles(x: ResolvedExperiment, dataFiles: DataFile[], o: RunOutcome, tfjsVersion: string, point?: Record<string, unknown>): Promise<Files> {
  const { hash, data } = contentHash(x, dataFiles);
  const run = {
    backend: o.backend,
    data_files: data,
    engine: o.engine,
    experiment: runIdentity(x),
    hash,
    ...(point ? { point } : {}),
    versions: { tfjs: tfjsVersion, trainspec: VERSION },
  };
  return {
    'metrics.json': metricsJson(o),
    'history.csv': historyCsv(o.history),
    'run.json': stableJson(run),
    'preprocessing.json': preprocessingJson(preprocessingOf(o.preprocessing, typeof x.data.target === 'string' ? x.data.target : null)),
    'model/model.json': o.model.modelJson,
    'model/weights.bin': o.model.weights,
    'curves.svg': await renderCurvesSvg(o.history, chartTitle(x.name, point)),
  };
}
