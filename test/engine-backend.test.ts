/**
 * Which tfjs backend runs (issue 12): `auto` takes tfjs-node's `tensorflow` backend when the
 * package loads, else `cpu`; `--backend tensorflow` without it is a usage error; the backend that
 * ran is what a run reports (run.json records it). tfjs-node cannot install here, so a stub
 * stands in for it through setBackendLoader: it registers a `tensorflow` backend (tfjs-cpu's
 * kernels under that name), as requiring tfjs-node does.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../src/engine/run.js';
import { BackendError, loadTf, setBackendLoader } from '../src/engine/tf.js';
import { fromYaml } from './fused-helpers.js';

delete process.env.TRAINSPEC_NO_TFJS_NODE;
const asked: string[] = [];

const EXP = `seed: 3
data: {generator: uniform_sum, samples: 40, features: 4, labels: sign}
model:
  - {type: dense, units: 4, activation: tanh}
  - {type: batch_normalization}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 1, batch_size: 16}
`;

describe('the tfjs backend', () => {
  it('auto without tfjs-node: cpu; --backend tensorflow: a usage error naming the package', async () => {
    setBackendLoader((id) => {
      asked.push(id);
      throw new Error(`Cannot find module '${id}'`);
    });
    expect((await loadTf('auto')).backend).toBe('cpu');
    expect(asked).toEqual(['@tensorflow/tfjs-node']);
    await expect(loadTf('tensorflow')).rejects.toThrow(BackendError);
    await expect(loadTf('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node/);
  });

  it('auto with tfjs-node (a stub registering `tensorflow`): tensorflow, and a tfjs-engine run reports it', async () => {
    const { tf } = await loadTf('cpu');
    setBackendLoader((id) => {
      asked.push(id);
      if (id !== '@tensorflow/tfjs-node') throw new Error(`Cannot find module '${id}'`);
      const cpu = tf.findBackend('cpu')!;
      tf.registerBackend('tensorflow', () => new (cpu.constructor as new () => typeof cpu)());
      for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
    });
    const { backend } = await loadTf('auto');
    expect(backend).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync())).toEqual([4, 6]);
    const l = fromYaml(EXP);
    const out = await runExperiment(l.x, l.source, { backend: 'auto' });
    expect([out.engine, out.backend]).toEqual(['tfjs', 'tensorflow']);
    expect(out.engineReason).toBe('auto: layer 2 (batch_normalization) has no fused form');
    expect((await loadTf('cpu')).backend).toBe('cpu');
  });
});
