/**
 * Metrics, by their Keras names. `accuracy` is computed from the label
 * encoding (never tfjs's shape-based guess); precision and recall count
 * decisions over an epoch; every loss can also be watched as a metric.
 */
import type { LabelKind } from '../data/types.js';
import { makeRegistry, type Entry } from './entry.js';
import { losses, type LossEntry, type LossFn } from './losses.js';

export type MetricEntry = Entry<Record<string, never>, LossFn | null> & {
  readonly kind: 'accuracy' | 'precision' | 'recall' | 'mean';
  /** Label encodings the metric can be computed for. */
  readonly labels: readonly LabelKind[];
  /** For `mean` metrics: the loss's fused form (the fused engine computes accuracy, precision and recall itself). */
  readonly fused?: LossEntry['fused'];
};

const CLASSIFY: LabelKind[] = ['sign', 'binary', 'onehot', 'index'];
const DECIDE: LabelKind[] = ['sign', 'binary', 'onehot'];

/** Short Keras metric names for the losses that have them; the rest keep the loss name. */
const SHORT: Record<string, string> = {
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
  mean_absolute_percentage_error: 'mape',
  mean_squared_logarithmic_error: 'msle',
};

export const metrics = makeRegistry<MetricEntry>('metric', [
  {
    name: 'accuracy', aliases: ['acc'], kind: 'accuracy', labels: CLASSIFY, params: {},
    doc: 'fraction right, by the labels: sign(p) = y for ±1, p > 0.5 for 0/1, argmax for one-hot/index',
    build: () => null,
  },
  {
    name: 'precision', aliases: [], kind: 'precision', labels: DECIDE, params: {},
    doc: 'true positives / predicted positives, counted over the epoch',
    build: () => null,
  },
  {
    name: 'recall', aliases: [], kind: 'recall', labels: DECIDE, params: {},
    doc: 'true positives / actual positives, counted over the epoch',
    build: () => null,
  },
  ...losses.entries.map((l): MetricEntry => {
    const short = SHORT[l.name];
    return {
      name: short ?? l.name,
      aliases: short ? [l.name, ...(l.aliases ?? []).filter((a) => a !== short)] : [...(l.aliases ?? [])],
      kind: 'mean',
      labels: l.labels,
      params: {},
      doc: `the ${l.name} loss, averaged`,
      build: (tf) => l.build(tf, {}),
      ...(l.fused ? { fused: l.fused } : {}),
    };
  }),
]);
