/**
 * The worker pool keeps its thread warm across runJobs calls (issue 12: the
 * engine stays loaded between the runs of one invocation) and writes each
 * run from the main thread: the results are the ones the in-process path
 * writes, byte for byte, and no lock is left behind.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobs, type Job } from '../src/runner/pool.js';
import { prestartWorkers, returnWorker, takeWorker } from '../src/runner/warm.js';
import { changedFiles, loadYaml, snapshot, tempDir } from './run-helpers.js';

const yaml = (name: string, act: string) => `name: ${name}
seed: 3
data: {generator: uniform_sum, samples: 60, features: 3, threshold: 1.5, labels: sign}
model:
  - {type: dense, units: 4, input_dim: 3, activation: ${act}}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 5, batch_size: 16}
`;

const jobOf = (name: string, act: string, out: string): Job => {
  const l = loadYaml(yaml(name, act), {}, name);
  return { experiment: l.x, yamlFile: l.source.yamlFile, dataFiles: l.source.dataFiles, options: { out, backend: 'cpu' } };
};

describe('the warm worker pool', () => {
  it('trains the runs of two runJobs calls on one thread, and writes what the in-process path writes', async () => {
    const out = tempDir('warm');
    prestartWorkers(1);
    const parked = takeWorker();
    const id = parked.threadId;
    returnWorker(parked);
    const first = await runJobs([jobOf('a', 'relu', join(out, 'threads'))], 1);
    const second = await runJobs([jobOf('b', 'tanh', join(out, 'threads')), jobOf('c', 'sigmoid', join(out, 'threads'))], 1);
    expect([...first, ...second].map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    const again = takeWorker();
    expect(again.threadId).toBe(id);
    returnWorker(again);
    await runJobs(['a', 'b', 'c'].map((n, i) => jobOf(n, ['relu', 'tanh', 'sigmoid'][i]!, join(out, 'in-process'))), 1, { inProcess: true });
    for (const n of ['a', 'b', 'c']) expect(changedFiles(snapshot(join(out, 'in-process', n)), snapshot(join(out, 'threads', n))), n).toEqual([]);
    expect(readdirSync(join(out, 'threads')).sort()).toEqual(['a', 'b', 'c']);
  });
});
