/**
 * Who draws curves.svg in the worker pool (issue 12, the sweep's whole process): the main thread,
 * or the training thread when the main thread is still drawing an earlier point's chart. Either
 * way a run's folder must be byte for byte what the in-process path writes, the chart included,
 * and the thread that drew it must not show in the result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobs, type Job } from '../src/runner/pool.js';
import { loadYaml, snapshot, tempDir } from './run-helpers.js';

const yaml = (name: string, act: string, epochs: number) => `name: ${name}
seed: 5
data: {generator: uniform_sum, samples: 80, features: 3, threshold: 1.5, labels: sign}
model:
  - {type: dense, units: 4, input_dim: 3, activation: ${act}}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: ${epochs}, batch_size: 16, validation_split: 0.25}
`;

const RUNS: [string, string, number][] = [['a', 'relu', 4], ['b', 'tanh', 40], ['c', 'sigmoid', 12]];
const jobs = (out: string): Job[] => RUNS.map(([name, act, epochs]) => {
  const l = loadYaml(yaml(name, act, epochs), {}, name);
  return { experiment: l.x, yamlFile: l.source.yamlFile, dataFiles: l.source.dataFiles, options: { out, backend: 'cpu', point: { slug: `act=${act}` } } };
});

describe('curves.svg drawn by either thread', () => {
  it('the training threads draw the same charts the main thread and the in-process path draw, byte for byte', async () => {
    const out = tempDir('pool-charts');
    const results = {
      threads: await runJobs(jobs(join(out, 'threads')), 1, { charts: 'threads' }),
      main: await runJobs(jobs(join(out, 'main')), 1, { charts: 'main' }),
      auto: await runJobs(jobs(join(out, 'auto')), 2),
      inProcess: await runJobs(jobs(join(out, 'in-process')), 1, { inProcess: true }),
    };
    for (const [k, rs] of Object.entries(results)) expect(rs.map((r) => [r.name, r.status]), k).toEqual(RUNS.map(([n]) => [n, 'ok']));
    for (const [name] of RUNS) {
      const expected = snapshot(join(out, 'in-process', name));
      for (const way of ['threads', 'main', 'auto']) expect(snapshot(join(out, way, name)), `${way}/${name}`).toEqual(expected);
      // The chart names the point (chartTitle), whichever thread drew it.
      expect(readFileSync(join(out, 'threads', name, 'curves.svg'), 'utf8')).toContain(`${name} / act=`);
    }
  });
});
