/**
 * `--backend auto`'s choice (src/engine/backend-plan.ts): a pure function of the experiment, the
 * data's width, the engine and whether tfjs-node loads. tfjs-node where it loads; cpu for fused
 * runs, for layers tfjs-backend-wasm cannot train, and for models under the multiply-add
 * break-even; wasm above it. Also: every layer in WASM_SAFE trains on wasm, the layers outside it
 * do throw there (so the list stays true when tfjs changes), a wasm run is bit-for-bit
 * reproducible, and `--json` carries backend_reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendChoice, mulAddsPerRow, WASM_MIN_MULADDS, WASM_SAFE } from '../src/engine/backend-plan.js';
import { engineChoice } from '../src/engine/fused/plan.js';
import { runExperiment } from '../src/engine/run.js';
import { BackendError, loadTf, setBackendLoader } from '../src/engine/tf.js';
import { layers } from '../src/registry/layers/index.js';
import { fromYaml } from './fused-helpers.js';
import { cliInProcess as cli } from './cli-in-process.js';
import { tempDir } from './run-helpers.js';
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
// No tfjs-node, whatever another test file's stub left behind (test files share the module cache).
setBackendLoader((id) => {
  if (id === '@tensorflow/tfjs-node') throw new Error(`Cannot find module '${id}'`);
  return requireHere(id);
});

const exp = (model: string, o: { samples?: number; features?: number; batch?: number; epochs?: number } = {}) => `seed: 4
data: {generator: uniform_sum, samples: ${o.samples ?? 64}, features: ${o.features ?? 4}, labels: binary}
model:
${model}
  - {type: dense, units: 1, activation: sigmoid}
compile: {optimizer: adam, loss: binary_crossentropy, metrics: [accuracy]}
fit: {epochs: ${o.epochs ?? 1}, batch_size: ${o.batch ?? 32}}
`;
const TUTORIAL = exp('  - {type: dense, units: 20, activation: tanh}', { samples: 250, features: 5 });
const BN32 = exp(`  - {type: dense, units: 64, activation: relu}
  - {type: batch_normalization}
  - {type: dense, units: 64, activation: relu}`, { samples: 2000, features: 32 });
const LSTM = exp(`  - {type: reshape, target_shape: [8, 4]}
  - {type: lstm, units: 32}`, { samples: 2000, features: 32 });
const CONV_BN = exp(`  - {type: reshape, target_shape: [8, 8, 1]}
  - {type: conv2d, filters: 16, kernel_size: 3, activation: relu}
  - {type: batch_normalization}
  - {type: flatten}`, { features: 64 });

function choose(yaml: string, backend: 'auto' | 'cpu' | 'wasm' | 'tensorflow' = 'auto', tfjsNode = false, engine: 'auto' | 'tfjs' = 'auto') {
  const { x } = fromYaml(yaml);
  return backendChoice(x, Number(x.data.features), engineChoice(x, engine).engine, backend, tfjsNode);
}

describe('the backend auto picks, per model', () => {
  it('counts multiply-adds per row: dense layers by weights, recurrent ones by weights x time steps', () => {
    expect(mulAddsPerRow(fromYaml(TUTORIAL).x, 5)).toBe(5 * 20 + 20 + 20 + 1);
    expect(mulAddsPerRow(fromYaml(LSTM).x, 32)).toBe(8 * 4 * (4 * 32 + 32 * 32 + 32) + 33);
    // a convolution's weights are applied at each of its 6x6 output positions
    expect(mulAddsPerRow(fromYaml(CONV_BN).x, 64)).toBe(36 * (9 * 16 + 16) + 4 * 16 * 36 + 6 * 6 * 16 + 1);
  });

  it('tutorial size on the tfjs engine: cpu, below the break-even; on the fused engine: cpu', () => {
    const r = choose(TUTORIAL, 'auto', false, 'tfjs');
    expect(r.backend).toBe('cpu');
    expect(r.reason).toBe(`auto: ${32 * 141} multiply-adds per batch, below wasm's break-even (${WASM_MIN_MULADDS})`);
    expect(choose(TUTORIAL)).toEqual({ backend: 'cpu', reason: 'auto: the fused engine trains; tfjs only builds, evaluates and saves the model' });
  });

  it('a 2000x32 -> 64 -> batch_normalization -> 64 MLP and an lstm: wasm, above the break-even', () => {
    expect(choose(BN32)).toEqual({ backend: 'wasm', reason: expect.stringMatching(/^auto: \d+ multiply-adds per batch, at or above wasm's break-even/) });
    expect(choose(LSTM).backend).toBe('wasm');
    // the same MLP at batch 2 is under it
    expect(choose(BN32.replace('batch_size: 32', 'batch_size: 2')).backend).toBe('cpu');
  });

  it('a conv net the tfjs engine trains: cpu, naming the kernel wasm lacks; --backend wasm refuses it', () => {
    expect(choose(CONV_BN)).toEqual({ backend: 'cpu', reason: "auto: tfjs-backend-wasm has no Conv2DBackpropFilter kernel for conv2d's gradient" });
    expect(() => choose(CONV_BN, 'wasm')).toThrow(BackendError);
    expect(() => choose(CONV_BN, 'wasm')).toThrow(/Conv2DBackpropFilter/);
    // the same net without batch_normalization trains fused: wasm then only evaluates (forward kernels), so it is allowed
    expect(choose(CONV_BN.replace('  - {type: batch_normalization}\n', ''), 'wasm')).toEqual({ backend: 'wasm', reason: '--backend wasm' });
  });

  it('tfjs-node wins when it loads; an explicit backend is taken as given', () => {
    expect(choose(BN32, 'auto', true)).toEqual({ backend: 'tensorflow', reason: 'auto: @tensorflow/tfjs-node is installed' });
    expect(choose(BN32, 'cpu')).toEqual({ backend: 'cpu', reason: '--backend cpu' });
    expect(choose(TUTORIAL, 'wasm')).toEqual({ backend: 'wasm', reason: '--backend wasm' });
  });
});

/** A model around one layer type over 4 features (as test/engine-registry.test.ts). */
function around(type: string): string {
  const cases: Record<string, string> = {
    dense: '  - {type: dense, units: 4, activation: relu}',
    activation: '  - {type: dense, units: 4}\n  - {type: activation, activation: tanh}',
    dropout: '  - {type: dense, units: 4}\n  - {type: dropout, rate: 0.25}',
    batch_normalization: '  - {type: dense, units: 4}\n  - {type: batch_normalization}',
    flatten: '  - {type: reshape, target_shape: [2, 2]}\n  - {type: flatten}',
    reshape: '  - {type: reshape, target_shape: [2, 2]}\n  - {type: dense, units: 3}\n  - {type: flatten}',
    leaky_relu: '  - {type: dense, units: 4}\n  - {type: leaky_relu}',
    max_pooling1d: '  - {type: reshape, target_shape: [4, 1]}\n  - {type: max_pooling1d, pool_size: 2}\n  - {type: flatten}',
    max_pooling2d: '  - {type: reshape, target_shape: [2, 2, 1]}\n  - {type: max_pooling2d, pool_size: 2}\n  - {type: flatten}',
    simple_rnn: '  - {type: reshape, target_shape: [4, 1]}\n  - {type: simple_rnn, units: 3}',
    lstm: '  - {type: reshape, target_shape: [4, 1]}\n  - {type: lstm, units: 3}',
    gru: '  - {type: reshape, target_shape: [4, 1]}\n  - {type: gru, units: 3, return_sequences: true}\n  - {type: flatten}',
    conv1d: '  - {type: reshape, target_shape: [4, 1]}\n  - {type: conv1d, filters: 2, kernel_size: 2}\n  - {type: flatten}',
    conv2d: '  - {type: reshape, target_shape: [2, 2, 1]}\n  - {type: conv2d, filters: 2, kernel_size: 2}\n  - {type: flatten}',
  };
  if (!cases[type]) throw new Error(`no wasm case for layer ${type}: add one`);
  return exp(cases[type]!);
}

describe('training on wasm', () => {
  it.each([...WASM_SAFE].map((t) => [t]))('%s trains on wasm (every gradient kernel present)', async (type) => {
    const l = fromYaml(around(type));
    const out = await runExperiment(l.x, l.source, { backend: 'wasm', engine: 'tfjs' });
    expect(out.backend).toBe('wasm');
    expect(Number.isFinite(out.final.loss)).toBe(true);
  });

  it('every layer type outside WASM_SAFE is one wasm cannot train (tfjs-backend-wasm 4.22 throws)', async () => {
    const outside = layers.entries.map((e) => e.name).filter((n) => !WASM_SAFE.has(n) && n !== 'embedding');
    expect(outside.sort()).toEqual(['conv1d', 'conv2d']);
    for (const type of outside) {
      const l = fromYaml(around(type));
      await expect(runExperiment(l.x, l.source, { backend: 'wasm', engine: 'tfjs' })).rejects.toThrow(/cannot train exp: tfjs-backend-wasm has no Conv2DBackpropFilter kernel/);
    }
    // the plan refuses before tfjs would throw: the kernels are indeed missing (embedding's too)
    const { tf } = await loadTf('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2D', 'wasm')).toBeDefined();
    await loadTf('cpu');
  });

  it('auto picks wasm above the break-even, says why, and a wasm run is bit-for-bit reproducible', async () => {
    const yaml = exp('  - {type: dense, units: 64, activation: relu}\n  - {type: batch_normalization}\n  - {type: dense, units: 16, activation: relu}', { features: 32, epochs: 2 });
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const l = fromYaml(yaml);
      runs.push(await runExperiment(l.x, l.source, { backend: 'auto' }));
    }
    const [a, b] = runs as [Awaited<ReturnType<typeof runExperiment>>, Awaited<ReturnType<typeof runExperiment>>];
    expect([a.engine, a.backend]).toEqual(['tfjs', 'wasm']);
    expect(a.backendReason).toMatch(/^auto: \d+ multiply-adds per batch, at or above/);
    expect(a.history).toEqual(b.history);
    expect(Buffer.from(a.model.weights).equals(Buffer.from(b.model.weights))).toBe(true);
    // and not the cpu run's bits (the backends differ in the last bits): the choice is what ran
    const l = fromYaml(yaml);
    const c = await runExperiment(l.x, l.source, { backend: 'cpu' });
    expect(c.backend).toBe('cpu');
    expect(Buffer.from(c.model.weights).equals(Buffer.from(a.model.weights))).toBe(false);
  });
});

describe('--json', () => {
  it('prints backend_reason beside engine_reason; run.json records the backend', async () => {
    const dir = tempDir('backend-json');
    writeFileSync(join(dir, 'bn.yaml'), BN32.replace('samples: 2000', 'samples: 64'));
    const r = await cli(['run', 'bn.yaml', '--out', 'out', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout.trim());
    expect(o).toMatchObject({ backend: 'wasm', engine: 'tfjs', engine_reason: 'auto: layer 2 (batch_normalization) has no fused form' });
    expect(o.backend_reason).toMatch(/^auto: \d+ multiply-adds per batch, at or above wasm's break-even/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'bn', 'run.json'), 'utf8')).backend).toBe('wasm');
  });
});
