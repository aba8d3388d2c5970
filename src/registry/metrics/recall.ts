/** recall: counted over the epoch (a batch mean would weigh small batches wrongly). */
import { DECIDE, type MetricEntry } from './common.js';

export const recall: MetricEntry = {
  name: 'recall',
  aliases: [],
  kind: 'recall',
  labels: DECIDE,
  params: {},
  doc: 'true positives / actual positives, counted over the epoch',
  build: () => null,
};
