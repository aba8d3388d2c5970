/** What every metric entry holds. */
import type { Entry } from '../entry.js';
import type { LabelKind } from '../labels.js';
import type { LossEntry, LossFn } from '../losses/index.js';

export type MetricEntry = Entry<Record<string, never>, LossFn | null> & {
  readonly kind: 'accuracy' | 'precision' | 'recall' | 'mean';
  /** Label encodings the metric can be computed for. */
  readonly labels: readonly LabelKind[];
  /** For `mean` metrics: the loss's fused form (the fused engine computes accuracy, precision and recall itself). */
  readonly fused?: LossEntry['fused'];
};

/** Label encodings a decision can be read from: sign, threshold or argmax. */
export const CLASSIFY: LabelKind[] = ['sign', 'binary', 'onehot', 'index'];
/** Label encodings with a positive class to count (precision, recall). */
export const DECIDE: LabelKind[] = ['sign', 'binary', 'onehot'];
