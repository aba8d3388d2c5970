/**
 * Every loss can be watched as a metric: its value averaged over the epoch. A new loss becomes
 * a metric by itself; the short Keras metric names are the only fact stated here.
 */
import type { LossEntry } from '../losses/index.js';
import type { MetricEntry } from './common.js';

/** Short Keras metric names for the losses that have them; the rest keep the loss name. */
const SHORT: Record<string, string> = {
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
  mean_absolute_percentage_error: 'mape',
  mean_squared_logarithmic_error: 'msle',
};

/** The metric that reports loss `l`, averaged. */
export function lossMean(l: LossEntry): MetricEntry {
  const short = SHORT[l.name];
  return {
    name: short ?? l.name,
    aliases: short ? [l.name, ...(l.aliases ?? []).filter((a) => a !== short)] : [...(l.aliases ?? [])],
    kind: 'mean',
    labels: l.labels,
    params: {},
    doc: `the ${l.name} loss, averaged`,
    build: (tf) => l.build(tf, {}),
    fused: l.fused,
  };
}
