/**
 * The tutorial's two experiments (experiments/keras-seed-*.yaml, 150 epochs) end to end on both engines: the fused
 * engine's test accuracy within 0.02 of tfjs's, its final loss within 5%, and it learns (moved from
 * fused-parity.test.ts, whose few-step parity checks of every activation, loss and optimizer stay in the fast tier).
 * The digits-shaped conv net (test/digits-like.ts, 10 epochs) the same way (moved from fused-conv.test.ts, whose
 * few-step parity of every window and shape layer, and reproducibility on this net, stay in the fast tier).
 * In the slow tier (npm run test:all; vitest.config.ts says why): full trainings on the tfjs engine are the subject.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFor } from '../src/engine/fused/plan.js';
import { runExperiment } from '../src/engine/run.js';
import { digitsLike } from './digits-like.js';
import { fromYaml, type Loaded } from './fused-helpers.js';

/**
 * Trains `l` on the tfjs engine, then on the fused one: the fused run's test accuracy is within 0.02 of tfjs's, its
 * final loss within 5%, and its test accuracy above `learns`.
 */
async function expectEnginesAgree(l: Loaded, learns: number): Promise<void> {
  const a = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'tfjs' });
  const b = await runExperiment(l.x, l.source, { backend: 'cpu', engine: 'fused' });
  expect([a.engine, b.engine]).toEqual(['tfjs', 'fused']);
  expect(Math.abs(b.final.test_accuracy! - a.final.test_accuracy!)).toBeLessThanOrEqual(0.02);
  expect(Math.abs(b.final.loss! - a.final.loss!) / a.final.loss!).toBeLessThanOrEqual(0.05);
  expect(b.final.test_accuracy).toBeGreaterThan(learns);
}

describe('the tutorial experiments end to end on both engines', () => {
  const ROOT = join(import.meta.dirname, '..');
  it.each([['keras-seed-hinge'], ['keras-seed-softmax']])('%s: same test accuracy (0.02) and final loss (5%)', async (name) => {
    await expectEnginesAgree(fromYaml(readFileSync(join(ROOT, 'experiments', `${name}.yaml`), 'utf8'), name), 0.85);
  });
});

describe('the digits-shaped conv net end to end on both engines', () => {
  it('auto picks fused; same test accuracy (0.02) and final loss (5%) as tfjs; it learns', async () => {
    const l = digitsLike();
    expect(engineFor(l.x, 'auto')).toBe('fused');
    await expectEnginesAgree(l, 0.8);
  });
});
