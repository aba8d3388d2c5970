/** precision: counted over the epoch (a batch mean would weigh small batches wrongly). */
import { DECIDE, type MetricEntry } from './common.js';

export const precision: MetricEntry = {
  name: 'precision',
  aliases: [],
  kind: 'precision',
  labels: DECIDE,
  params: {},
  doc: 'true positives / predicted positives, counted over the epoch',
  build: () => null,
};
