/**
 * Loss functions, by their Keras names, each returning one value per sample (reduced over the
 * last axis, as Keras's loss functions do before averaging): one file per loss, one line here each.
 */
import { makeRegistry } from '../entry.js';
import { binaryCrossentropy } from './binary_crossentropy.js';
import { categoricalCrossentropy } from './categorical_crossentropy.js';
import { categoricalHinge } from './categorical_hinge.js';
import type { LossEntry, LossFn } from './common.js';
import { cosineSimilarity } from './cosine_similarity.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl_divergence.js';
import { logCosh } from './log_cosh.js';
import { meanAbsoluteError } from './mean_absolute_error.js';
import { meanAbsolutePercentageError } from './mean_absolute_percentage_error.js';
import { meanSquaredError } from './mean_squared_error.js';
import { meanSquaredLogarithmicError } from './mean_squared_logarithmic_error.js';
import { poisson } from './poisson.js';
import { sparseCategoricalCrossentropy } from './sparse_categorical_crossentropy.js';
import { squaredHinge } from './squared_hinge.js';

export type { LossEntry, LossFn };

/** In the order the docs and the schema list them. */
export const losses = makeRegistry<LossEntry>('loss', [
  hinge,
  squaredHinge,
  categoricalHinge,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  klDivergence,
  cosineSimilarity,
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  poisson,
  logCosh,
  huber,
]);
