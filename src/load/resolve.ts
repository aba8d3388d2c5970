/**
 * Fills in defaults and canonical names, so that a resolved experiment says
 * everything a run depends on (it is what run.json stores and hashes).
 */
import type { TProperties } from '@sinclair/typebox';
import type { LabelKind } from '../data/types.js';
import { generators } from '../registry/generators/index.js';
import { activations } from '../registry/activations/index.js';
import { defaults } from '../registry/entry.js';
import { layers } from '../registry/layers/index.js';
import { losses } from '../registry/losses/index.js';
import { metrics } from '../registry/metrics/index.js';
import { optimizers } from '../registry/optimizers/index.js';
import { DEFAULTS, type ExperimentInput, type LayerSpec, type Named } from '../schema/experiment.js';

type Obj = Record<string, unknown>;

export interface DataSpec extends Obj {
  labels: LabelKind;
  normalize: 'none' | 'standard' | 'minmax';
}
export interface Configured extends Obj {
  type: string;
}
export interface ResolvedExperiment {
  name: string;
  description: string;
  seed: number;
  data: DataSpec;
  test: DataSpec | null;
  model: LayerSpec[];
  compile: { optimizer: Configured; loss: Configured; metrics: string[] };
  fit: {
    epochs: number;
    batch_size: number;
    validation_split: number;
    shuffle: boolean;
    early_stopping: { monitor: string; patience: number; min_delta: number; restore_best_weights: boolean } | null;
  };
  sweep: ExperimentInput['sweep'] | null;
}

/** What the data looks like, learnt by the loader (width, classes, task). */
export interface DataFacts {
  features: number;
  classes: string[] | null;
}

const configured = (reg: typeof optimizers | typeof losses, v: Named): Configured => {
  const o: Obj = typeof v === 'string' ? { type: v } : { ...v };
  const e = reg.get(o.type as string)!;
  return { type: e.name, ...defaults(e.params as TProperties, o) };
};

function resolveLayer(spec: LayerSpec): LayerSpec {
  const e = layers.get(spec.type)!;
  const out: Obj = { type: e.name, ...(spec.name ? { name: spec.name } : {}) };
  // input_shape is common to every layer (not in e.params); input_dim only where the layer has it
  for (const k of ['input_dim', 'input_shape']) if (spec[k] !== undefined && (k === 'input_shape' || e.params[k])) out[k] = spec[k];
  Object.assign(out, defaults(e.params as TProperties, spec));
  for (const k of ['activation', 'recurrent_activation']) if (typeof out[k] === 'string') out[k] = activations.canonical(out[k] as string);
  return out as LayerSpec;
}

/** The label encoding `labels: auto` stands for, from the loss, the output layer and the data. */
export function autoLabels(lossName: string, units: number | undefined, outRange: string | undefined, facts: DataFacts): LabelKind {
  if (facts.classes === null) return 'value';
  const accepted = losses.get(lossName)!.labels;
  if (accepted[0] === 'value') {
    if ((units ?? 1) > 1) return 'onehot';
    return outRange === 'sign' ? 'sign' : 'binary';
  }
  const fits = accepted.find((k) => (k === 'onehot' ? (units ?? 2) > 1 : (units ?? 1) === 1));
  return fits ?? accepted[0]!;
}

function resolveData(d: Obj, labels: LabelKind): DataSpec {
  const base: Obj = { ...d, labels, normalize: (d.normalize as string | undefined) ?? DEFAULTS.normalize };
  if (typeof d.path === 'string') return { features: null, ...base } as unknown as DataSpec;
  const g = generators.get(d.generator as string)!;
  return { ...base, generator: g.name, samples: (d.samples as number | undefined) ?? DEFAULTS.samples, ...defaults(g.params as TProperties, d) } as unknown as DataSpec;
}

/** The output layer: the last layer that sets a width, and the last activation applied (and the layer that applies it). */
export function outputOf(model: LayerSpec[]): { units?: number; index: number; activation?: string; activationIndex: number } {
  let units: number | undefined;
  let index = -1;
  let activation: string | undefined;
  let activationIndex = -1;
  model.forEach((l, i) => {
    const e = layers.get(l.type);
    const u = e?.units?.(l);
    if (u !== undefined) {
      units = u;
      index = i;
      activation = (l.activation as string | undefined) ?? 'linear';
      activationIndex = i;
    } else if (e?.name === 'activation') {
      activation = l.activation as string;
      activationIndex = i;
    }
  });
  return { units, index, activation: activation === undefined ? undefined : activations.get(activation)?.name, activationIndex };
}

/**
 * A monitored metric under the name the history rows use (`val_acc` → `val_accuracy`,
 * `mean_squared_error` → `mse`); an unknown name is kept for the checks to report.
 */
export function canonicalMonitor(monitor: string): string {
  const val = monitor.startsWith('val_') ? 'val_' : '';
  const base = monitor.slice(val.length);
  const m = base === 'loss' ? undefined : metrics.get(base);
  return m ? `${val}${m.name}` : monitor;
}

/** The keys the user set (an explicit undefined is left out, so the default stays). */
const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function resolveExperiment(input: ExperimentInput, fallbackName: string, facts: DataFacts): ResolvedExperiment {
  const model = (input.model as LayerSpec[]).map(resolveLayer);
  const loss = configured(losses, input.compile.loss as Named);
  const out = outputOf(model);
  const outRange = out.activation ? activations.get(out.activation)?.range : undefined;
  const givenLabels = (input.data as Obj).labels as string | undefined;
  const labels = !givenLabels || givenLabels === 'auto' ? autoLabels(loss.type, out.units, outRange, facts) : (givenLabels as LabelKind);
  const data = resolveData(input.data as Obj, labels);
  const test = input.test ? resolveData({ ...(input.data as Obj), ...(input.test as Obj), labels }, labels) : null;
  if (test && typeof (input.test as Obj).path === 'string') delete test.generator;
  const fit = input.fit ?? {};
  const es = fit.early_stopping;
  return {
    name: input.name ?? fallbackName,
    description: input.description ?? '',
    seed: input.seed ?? DEFAULTS.seed,
    data,
    test,
    model,
    compile: {
      optimizer: configured(optimizers, (input.compile.optimizer as Named | undefined) ?? DEFAULTS.optimizer),
      loss,
      metrics: ((input.compile.metrics ?? DEFAULTS.metrics) as string[]).map((m) => metrics.canonical(m)),
    },
    fit: {
      epochs: fit.epochs ?? DEFAULTS.fit.epochs,
      batch_size: fit.batch_size ?? DEFAULTS.fit.batch_size,
      validation_split: fit.validation_split ?? DEFAULTS.fit.validation_split,
      shuffle: fit.shuffle ?? DEFAULTS.fit.shuffle,
      early_stopping: es
        ? { ...DEFAULTS.early_stopping, ...definedOnly(es), monitor: canonicalMonitor(es.monitor ?? DEFAULTS.early_stopping.monitor) }
        : null,
    },
    sweep: input.sweep ?? null,
  };
}
