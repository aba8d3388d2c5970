/**
 * Optimizers, by their Keras names, with Keras 2's parameter names, defaults and update rules
 * (keras/optimizers.py 2.2/2.3, the tutorial's era). One file per optimizer under optimizers/:
 * its parameters, its rule written out once (`rule`, shown in the README), what tf.keras 2.x and
 * Keras 3 do differently (`elsewhere`), the tfjs builder and the fused engine's form.
 */
import { makeRegistry } from './entry.js';
import type { OptimizerEntry } from './optimizers/common.js';
import { adadelta } from './optimizers/adadelta.js';
import { adagrad } from './optimizers/adagrad.js';
import { adam } from './optimizers/adam.js';
import { adamax } from './optimizers/adamax.js';
import { nadam } from './optimizers/nadam.js';
import { rmsprop } from './optimizers/rmsprop.js';
import { sgd } from './optimizers/sgd.js';

export type { OptimizerEntry };

export const optimizers = makeRegistry<OptimizerEntry>('optimizer', [sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam]);
