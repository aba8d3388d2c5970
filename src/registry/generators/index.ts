/**
 * Synthetic data sets, by name: one file per generator beside this one (its parameters, task and
 * `generate`). A new generator: one file, one line below, `npm run docs`.
 */
import { makeRegistry } from '../entry.js';
import type { GeneratorEntry } from './common.js';
import { circles } from './circles.js';
import { linear } from './linear.js';
import { moons } from './moons.js';
import { spirals } from './spirals.js';
import { uniformSum } from './uniform_sum.js';
import { xor } from './xor.js';

export type { GeneratorEntry, GeneratorTask } from './common.js';

export const generators = makeRegistry<GeneratorEntry>('generator', [
  uniformSum,
  xor,
  circles,
  moons,
  spirals,
  linear,
]);
