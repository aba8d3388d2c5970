/**
 * A model trained with the `leaky_relu` activation (which tfjs lacks) loads in
 * stock tfjs: a fresh process imports tfjs-core, tfjs-layers and the cpu backend,
 * registers nothing, loads model.json + weights.bin through a custom IOHandler
 * and predicts what trainspec's trained model predicts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './run-helpers.js';

const ROWS = [[-1, 2, 0.5, -3, 1], [3, -4, -0.5, 2, -2], [0.1, 0.2, 0.3, 0.4, 0.5]];

const yaml = (engine: string) => `data: {generator: uniform_sum, samples: 40}
model:
  - {type: dense, units: 6, activation: leaky_relu, input_dim: 5}
  - {type: activation, activation: leaky_relu}
  - {type: dense, units: 3, activation: leaky_relu}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge}
fit: {epochs: 2, batch_size: 8}
name: leaky-${engine}
`;

/** Runs a module script in a new Node process (cwd ROOT, so tfjs resolves from node_modules). */
function node(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let o = '';
    let e = '';
    c.stdout.setEncoding('utf8').on('data', (s: string) => (o += s));
    c.stderr.setEncoding('utf8').on('data', (s: string) => (e += s));
    c.on('close', (code) => (code === 0 ? resolve(o) : reject(new Error(e))));
  });
}

const predictScript = (dir: string, stock: boolean) => `
  import { readFileSync } from 'node:fs';
  ${stock
    ? `const tf = await import('@tensorflow/tfjs-core');
  const layers = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const load = layers.loadLayersModel;`
    : `const { loadTf } = await import(${JSON.stringify(join(ROOT, 'dist/engine/tf.js'))});
  const { loadArtifacts } = await import(${JSON.stringify(join(ROOT, 'dist/engine/save.js'))});
  const { tf } = await loadTf('cpu');`}
  const json = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'model.json'))}, 'utf8'));
  const bin = readFileSync(${JSON.stringify(join(dir, 'weights.bin'))});
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const model = ${stock
    ? 'await load({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }) })'
    : 'await loadArtifacts(tf, JSON.stringify(json), new Uint8Array(weightData))'};
  console.log(JSON.stringify(Array.from(model.predict(tf.tensor2d(${JSON.stringify(ROWS)})).dataSync())));`;

describe('a leaky_relu model in stock tfjs', () => {
  it.each(['fused', 'tfjs'])('trained by the %s engine, loads with tf.loadLayersModel and nothing registered, and predicts the same', async (engine) => {
    const dir = tempDir('leaky');
    const file = join(dir, `leaky-${engine}.yaml`);
    await import('node:fs').then((fs) => fs.writeFileSync(file, yaml(engine)));
    const r = await cli(['run', file, '--out', join(dir, 'results'), '--backend', 'cpu', '--engine', engine, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const modelDir = join(dir, 'results', `leaky-${engine}`, 'model');
    const topology = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')).modelTopology;
    const saved = (topology.config.layers as { class_name: string; config: { activation?: string } }[]).map((l) => `${l.class_name}:${l.config.activation ?? ''}`);
    expect(saved).toEqual(['Dense:linear', 'LeakyReLU:', 'LeakyReLU:', 'Dense:linear', 'LeakyReLU:', 'Dense:tanh']);
    const stock = JSON.parse(await node(predictScript(modelDir, true))) as number[];
    const ours = JSON.parse(await node(predictScript(modelDir, false))) as number[];
    expect(stock).toHaveLength(3);
    expect(stock).toEqual(ours);
    expect(new Set(stock).size).toBeGreaterThan(1); // a real prediction, not a constant
  }, 120_000);
});
