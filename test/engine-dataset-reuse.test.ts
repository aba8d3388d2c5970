import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/engine/dataset.js';
import { reusableDataset } from '../src/engine/dataset-reuse.js';
import { loadYaml } from './run-helpers.js';

const job = (over: { seed?: number; split?: number; act?: string; data?: string } = {}) => `name: reuse
seed: ${over.seed ?? 42}
data: ${over.data ?? '{generator: uniform_sum, samples: 60, features: 3, threshold: 1.5, labels: sign}'}
test: {samples: 20}
model:
  - {type: dense, units: 4, input_dim: 3, activation: ${over.act ?? 'tanh'}}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 1, batch_size: 8, validation_split: ${over.split ?? 0.2}}
`;
const reuse = (l: ReturnType<typeof loadYaml>) => reusableDataset(l.x, l.source.yamlFile, l.source.dataFiles);
const fresh = (l: ReturnType<typeof loadYaml>) => prepareDataset(l.x, l.source.yamlFile, l.source.dataFiles);

describe('reusableDataset', () => {
  it('hands the same rows to the next point of a sweep when only the model or compile settings differ', () => {
    const a = reuse(loadYaml(job({ act: 'tanh' })));
    const b = reuse(loadYaml(job({ act: 'relu' })));
    expect(b).toBe(a);
    expect(b).toEqual(fresh(loadYaml(job({ act: 'relu' }))));
  });

  it('shares rows between points written as separate files in one folder', () => {
    const a = reuse(loadYaml(job(), {}, 'point-1'));
    expect(reuse(loadYaml(job({ act: 'sigmoid' }), {}, 'point-2'))).toBe(a);
  });

  it('prepares the rows again when the seed, the validation split or the data differ', () => {
    const base = reuse(loadYaml(job()));
    for (const other of [job({ seed: 7 }), job({ split: 0.5 }), job({ data: '{generator: uniform_sum, samples: 61, features: 3, threshold: 1.5, labels: sign}' })]) {
      const l = loadYaml(other);
      const got = reuse(l);
      expect(got).not.toBe(base);
      expect(got).toEqual(fresh(l));
      reuse(loadYaml(job()));
    }
  });

  it('reads a file again when its bytes changed, even under the same path', () => {
    const csvJob = job({ data: '{path: d.csv, target: y, labels: sign}' }).replace('test: {samples: 20}\n', '').replace('input_dim: 3', 'input_dim: 2');
    const rows = (k: number) => `a,b,y\n${Array.from({ length: 20 }, (_, i) => `${i * k},${i % 3},${i % 2 ? 1 : -1}`).join('\n')}\n`;
    const one = loadYaml(csvJob, { 'd.csv': rows(1) });
    const two = loadYaml(csvJob, { 'd.csv': rows(2) });
    const first = reuse(one);
    const second = reuse(two);
    expect(second).not.toBe(first);
    expect(second).toEqual(fresh(two));
    expect(second.train.x).not.toEqual(first.train.x);
    expect(reuse(two)).toBe(second);
  });
});
