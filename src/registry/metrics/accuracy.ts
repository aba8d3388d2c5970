/** accuracy: computed from the label encoding, never tfjs's shape-based guess. */
import { CLASSIFY, type MetricEntry } from './common.js';

export const accuracy: MetricEntry = {
  name: 'accuracy',
  aliases: ['acc'],
  kind: 'accuracy',
  labels: CLASSIFY,
  params: {},
  doc: 'fraction right, by the labels: sign(p) = y for ±1, p > 0.5 for 0/1, argmax for one-hot/index',
  build: () => null,
};
