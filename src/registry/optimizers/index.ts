/**
 * Optimizers, by their Keras names, with Keras 2's parameter names, defaults and update rules
 * (keras/optimizers.py 2.2/2.3, the tutorial's era). One file per optimizer beside this one:
 * its parameters, its rule written out once (`rule`, shown in the README), what tf.keras 2.x and
 * Keras 3 do differently (`elsewhere`), the tfjs builder, the fused engine's form and the float64
 * reference its tests run. A new optimizer: one file, one line below, `npm run docs`.
 */
import { makeRegistry } from '../entry.js';
import type { OptimizerEntry } from './common.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { nadam } from './nadam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

export type { OptimizerEntry };

export const optimizers = makeRegistry<OptimizerEntry>('optimizer', [
  sgd,
  rmsprop,
  adagrad,
  adadelta,
  adam,
  adamax,
  nadam,
]);
