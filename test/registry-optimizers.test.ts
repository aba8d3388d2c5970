/** Every optimizer entry through the same checks (test/registry-optimizer-checks.ts). */
import type * as TF from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';
import { loadTf } from '../src/engine/tf.js';
import { defaults } from '../src/registry/entry.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { optimizerChecks, type CheckedOptimizer } from './registry-optimizer-checks.js';

let tf: typeof TF;
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf;
});

optimizerChecks(optimizers.entries as unknown as CheckedOptimizer[], defaults, () => tf);
