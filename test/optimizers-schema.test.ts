/** The schema takes Keras 2's optimizer ranges and defaults (the tfjs machinery: test/registry-optimizer-checks.ts). */
import { describe, expect, it } from 'vitest';
import { fromYaml } from './fused-helpers.js';

describe('schema: Keras 2 ranges', () => {
  const yaml = (opt: string) => `data: {generator: uniform_sum, samples: 20, features: 2, threshold: 1, labels: sign}
model: [{type: dense, units: 1, activation: tanh}]
compile: {optimizer: ${opt}, loss: hinge}
`;
  it('takes adagrad initial_accumulator_value 0 (Keras 2) and 0.1 (tf.keras), rejects < 0', () => {
    expect(fromYaml(yaml('{type: adagrad, initial_accumulator_value: 0}')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0 });
    expect(fromYaml(yaml('{type: adagrad, initial_accumulator_value: 0.1}')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0.1 });
    expect(() => fromYaml(yaml('{type: adagrad, initial_accumulator_value: -0.1}'))).toThrow(/initial_accumulator_value/);
  });
  it('fills Keras 2 defaults: adagrad starts at 0, decay 0; nadam takes schedule_decay and no decay, as in Keras 2', () => {
    expect(fromYaml(yaml('adagrad')).x.compile.optimizer).toMatchObject({ initial_accumulator_value: 0, epsilon: 1e-7, decay: 0 });
    expect(fromYaml(yaml('nadam')).x.compile.optimizer).toMatchObject({ schedule_decay: 0.004 });
    expect(() => fromYaml(yaml('{type: nadam, decay: 0.1}'))).toThrow(/decay/);
    expect(() => fromYaml(yaml('{type: sgd, decay: -1}'))).toThrow(/decay/);
  });
});
