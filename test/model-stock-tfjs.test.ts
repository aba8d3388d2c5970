/**
 * A model trained with the `leaky_relu` activation (which tfjs lacks) loads in
 * stock tfjs: a fresh process imports tfjs-core, tfjs-layers and the cpu backend,
 * registers nothing, loads model.json + weights.bin through a custom IOHandler
 * and predicts what trainspec's trained model predicts.
 * The fresh process is the subject (nothing of trainspec registered in it), so it is spawned, once for both models;
 * training and trainspec's own load run in this process (cli-in-process.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArtifacts } from '../src/engine/save.js';
import { loadTf } from '../src/engine/tf.js';
import { cliInProcess } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

const ROWS = [[-1, 2, 0.5, -3, 1], [3, -4, -0.5, 2, -2], [0.1, 0.2, 0.3, 0.4, 0.5]];
const ENGINES = ['fused', 'tfjs'];

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

/** Stock tfjs, nothing registered: each model folder's predictions of ROWS, as one JSON array per folder. */
const stockScript = (dirs: string[]) => `
  import { readFileSync } from 'node:fs';
  const tf = await import('@tensorflow/tfjs-core');
  const layers = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const out = [];
  for (const dir of ${JSON.stringify(dirs)}) {
    const json = JSON.parse(readFileSync(dir + '/model.json', 'utf8'));
    const bin = readFileSync(dir + '/weights.bin');
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const model = await layers.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }) });
    out.push(Array.from(model.predict(tf.tensor2d(${JSON.stringify(ROWS)})).dataSync()));
  }
  console.log(JSON.stringify(out));`;

/** What trainspec's own loader predicts for ROWS from a model folder. */
async function ours(modelDir: string): Promise<number[]> {
  const { tf } = await loadTf('cpu');
  const model = await loadArtifacts(tf, readFileSync(join(modelDir, 'model.json'), 'utf8'), new Uint8Array(readFileSync(join(modelDir, 'weights.bin'))));
  const y = model.predict(tf.tensor2d(ROWS)) as { dataSync(): Float32Array; dispose(): void };
  const values = Array.from(y.dataSync());
  y.dispose();
  model.dispose();
  return values;
}

let dir: string;
const modelDir = (engine: string) => join(dir, 'results', `leaky-${engine}`, 'model');
let stock: Record<string, number[]>;

beforeAll(async () => {
  dir = tempDir('leaky');
  for (const engine of ENGINES) {
    const file = join(dir, `leaky-${engine}.yaml`);
    writeFileSync(file, yaml(engine));
    const r = await cliInProcess(['run', file, '--out', join(dir, 'results'), '--backend', 'cpu', '--engine', engine, '-q']);
    expect(r.code, r.stderr).toBe(0);
  }
  const predicted = JSON.parse(await node(stockScript(ENGINES.map(modelDir)))) as number[][];
  stock = Object.fromEntries(ENGINES.map((e, i) => [e, predicted[i]!]));
}, 120_000);

describe('a leaky_relu model in stock tfjs', () => {
  it.each(ENGINES)('trained by the %s engine, loads with tf.loadLayersModel and nothing registered, and predicts the same', async (engine) => {
    const topology = JSON.parse(readFileSync(join(modelDir(engine), 'model.json'), 'utf8')).modelTopology;
    const saved = (topology.config.layers as { class_name: string; config: { activation?: string } }[]).map((l) => `${l.class_name}:${l.config.activation ?? ''}`);
    expect(saved).toEqual(['Dense:linear', 'LeakyReLU:', 'LeakyReLU:', 'Dense:linear', 'LeakyReLU:', 'Dense:tanh']);
    expect(stock[engine]).toHaveLength(3);
    expect(stock[engine]).toEqual(await ours(modelDir(engine)));
    expect(new Set(stock[engine]).size).toBeGreaterThan(1); // a real prediction, not a constant
  });
});
