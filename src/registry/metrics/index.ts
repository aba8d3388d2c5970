/**
 * Metrics, by their Keras names: one file per metric, one line here each. `accuracy` is
 * computed from the label encoding; precision and recall count decisions over an epoch;
 * every loss can also be watched as a metric (loss-means.ts).
 */
import { makeRegistry } from '../entry.js';
import { losses } from '../losses/index.js';
import { accuracy } from './accuracy.js';
import type { MetricEntry } from './common.js';
import { lossMean } from './loss-means.js';
import { precision } from './precision.js';
import { recall } from './recall.js';

export type { MetricEntry };

export const metrics = makeRegistry<MetricEntry>('metric', [
  accuracy,
  precision,
  recall,
  ...losses.entries.map(lossMean),
]);
