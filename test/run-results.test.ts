/**
 * The results contract: the layout and format of metrics.json, history.csv,
 * run.json and curves.svg; a model in plain tfjs format that loads back and
 * predicts what the trained model predicted; --json output; no tfjs banner;
 * the lock against a second writer; atomic folders. The runs are in this process
 * (cli-in-process.ts): their subject is what a run writes and prints, not the
 * process (a real process's stderr without the banner: run-reproducible).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { TProperties } from '@sinclair/typebox';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../src/data/rng.js';
import { prepareDataset } from '../src/engine/dataset.js';
import { metricPlan } from '../src/engine/metrics.js';
import { buildModel } from '../src/engine/model.js';
import { withRandom } from '../src/engine/random.js';
import { loadArtifacts, saveArtifacts } from '../src/engine/save.js';
import { loadTf } from '../src/engine/tf.js';
import { evaluate, train } from '../src/engine/train.js';
import type { ResolvedExperiment } from '../src/load/resolve.js';
import { defaults, type Tf } from '../src/registry/entry.js';
import { losses } from '../src/registry/losses/index.js';
import { layers } from '../src/registry/layers/index.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { round6, sha256 } from '../src/results/format.js';
import { writeAtomicallyAsync } from '../src/results/write-async.js';
import { cliInProcess } from './cli-in-process.js';
import { BANNER, changedFiles, loadYaml, ROOT, snapshot, tempDir, type CliResult } from './run-helpers.js';

const NAME = 'flowers';
const EPOCHS = 12;
let tf: Tf;
let dir: string;
let out: string;
let results: string;
let run: CliResult;

const YAML = stringify({
  name: NAME,
  seed: 9,
  data: { path: 'data/iris.csv', target: 'species', labels: 'onehot', normalize: 'standard' },
  test: { path: 'data/iris-test.csv' },
  model: [{ type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 3, activation: 'softmax' }],
  compile: { optimizer: { type: 'adam', learning_rate: 0.01 }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
  fit: { epochs: EPOCHS, batch_size: 16, validation_split: 0.2 },
});

const IRIS_FILES = {
  'data/iris.csv': readFileSync(join(ROOT, 'experiments/data/iris.csv'), 'utf8'),
  'data/iris-test.csv': readFileSync(join(ROOT, 'experiments/data/iris-test.csv'), 'utf8'),
};

/** A pid that no process has any more (`true`, not a Node that would load for ~0.1 s of CPU only to exit). */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const c = spawn('true');
    c.on('exit', () => resolve(c.pid!));
  });
}

beforeAll(async () => {
  ({ tf } = await loadTf('cpu'));
  dir = tempDir('results');
  mkdirSync(join(dir, 'data'));
  for (const f of ['iris.csv', 'iris-test.csv']) copyFileSync(join(ROOT, 'experiments/data', f), join(dir, 'data', f));
  writeFileSync(join(dir, `${NAME}.yaml`), YAML);
  out = join(dir, 'out');
  results = join(out, NAME);
  // A lock left by a process that is gone is stale: the run takes it over.
  mkdirSync(out);
  writeFileSync(join(out, `.${NAME}.lock`), String(await deadPid()));
  // Relative paths, from the experiment's folder, as a user types them.
  run = await cliInProcess(['run', `${NAME}.yaml`, '--out', 'out', '--backend', 'cpu', '--force', '--json'], { cwd: dir });
});

const read = (f: string) => readFileSync(join(results, f), 'utf8');

describe('a run\'s results folder', () => {
  it('--json prints exactly one JSON object per run on stdout, and nothing else', () => {
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(run.stdout).toBe(`${lines[0]}\n`);
    const o = JSON.parse(lines[0]!);
    expect(Object.keys(o).sort()).toEqual(['backend', 'backend_reason', 'duration_ms', 'engine', 'engine_reason', 'metrics', 'name', 'results_dir', 'status']);
    expect(o).toMatchObject({ name: NAME, status: 'ok', backend: 'cpu', results_dir: results });
    expect(o.engine_reason).toMatch(/^auto: /);
    expect(o.backend_reason).toBe('--backend cpu');
    expect(Number.isInteger(o.duration_ms) && o.duration_ms > 0).toBe(true);
    expect(o.metrics).toEqual(JSON.parse(read('metrics.json')).final);
  });

  it('never prints the tfjs banner', () => {
    expect(run.stdout).not.toMatch(BANNER);
    expect(run.stderr).not.toMatch(BANNER);
  });

  it('holds only final folders: no temporary folder, no lock (the stale one was taken over and released)', () => {
    expect(readdirSync(out)).toEqual([NAME]);
    expect(readdirSync(results).sort()).toEqual(['curves.svg', 'history.csv', 'metrics.json', 'model', 'preprocessing.json', 'run.json']);
    expect(readdirSync(join(results, 'model')).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('metrics.json: sorted keys, 6 significant digits, status and epochs_run, no timestamps', () => {
    const text = read('metrics.json');
    const m = JSON.parse(text);
    const sortedEverywhere = (v: unknown): boolean =>
      v === null || typeof v !== 'object' || (JSON.stringify(Object.keys(v)) === JSON.stringify(Object.keys(v).sort()) && Object.values(v).every(sortedEverywhere));
    expect(sortedEverywhere(m)).toBe(true);
    expect(Object.keys(m)).toEqual(['epochs_run', 'final', 'status']);
    expect(m.status).toBe('ok');
    expect(m.epochs_run).toBe(EPOCHS);
    expect(Object.keys(m.final)).toEqual(['accuracy', 'loss', 'test_accuracy', 'test_loss', 'val_accuracy', 'val_loss']);
    for (const [k, v] of Object.entries(m.final as Record<string, number>)) {
      expect(typeof v, k).toBe('number');
      expect(Number(v.toPrecision(6)), `${k} = ${v} has more than 6 significant digits`).toBe(v);
    }
    // Some value actually needed rounding: a loss is never short in float32.
    expect(String(m.final.loss).replace(/^0\.0*|\./g, '').length).toBe(6);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d|time|date/i);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('history.csv: one row per epoch under epoch,loss,accuracy,val_loss,val_accuracy', () => {
    const [header, ...rows] = read('history.csv').trimEnd().split('\n');
    expect(header).toBe('epoch,loss,accuracy,val_loss,val_accuracy');
    expect(rows).toHaveLength(EPOCHS);
    rows.forEach((row, i) => {
      const cells = row.split(',').map(Number);
      expect(cells).toHaveLength(5);
      expect(cells[0]).toBe(i + 1);
      for (const c of cells) expect(Number(c.toPrecision(6))).toBe(c);
    });
    // The last row is the final training and validation metrics.
    const last = rows[EPOCHS - 1]!.split(',').map(Number);
    const final = JSON.parse(read('metrics.json')).final;
    expect(last.slice(1)).toEqual([final.loss, final.accuracy, final.val_loss, final.val_accuracy]);
  });

  it('run.json: resolved experiment, content hash, data file hashes, versions, backend', () => {
    const r = JSON.parse(read('run.json'));
    expect(r.backend).toBe('cpu');
    expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.data_files).toEqual({
      'data/iris.csv': sha256(readFileSync(join(dir, 'data/iris.csv'))),
      'data/iris-test.csv': sha256(readFileSync(join(dir, 'data/iris-test.csv'))),
    });
    expect(r.versions).toEqual({
      tfjs: tf.version.tfjs,
      trainspec: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    });
    expect(r.versions.tfjs).toBe('4.22.0');
    // Defaults filled in: what the YAML left out is spelled out.
    const x = r.experiment as ResolvedExperiment;
    expect(x.name).toBe(NAME);
    expect(x.compile.optimizer).toMatchObject({ type: 'adam', learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(x.fit).toMatchObject({ epochs: EPOCHS, batch_size: 16, validation_split: 0.2, shuffle: true, early_stopping: null });
    expect(x.test).toMatchObject({ path: 'data/iris-test.csv', target: 'species', labels: 'onehot', normalize: 'standard' });
    expect(x.model[0]).toMatchObject({ type: 'dense', units: 8, activation: 'relu', use_bias: true, kernel_initializer: 'glorot_uniform' });
    // It is the experiment the loader resolves from the YAML (sweep aside).
    expect(x).toEqual({ ...JSON.parse(JSON.stringify(loadYaml(YAML, IRIS_FILES, NAME).x)), sweep: null });
  });

  it('curves.svg is an SVG document', () => {
    const svg = read('curves.svg');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('model/model.json is plain tfjs layers format; weights.bin holds exactly its weights', () => {
    const json = JSON.parse(read('model/model.json'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const specs = json.weightsManifest[0].weights as { name: string; shape: number[]; dtype: string }[];
    expect(specs.map((s) => s.shape)).toEqual([[4, 8], [8], [8, 3], [3]]);
    expect(specs.every((s) => s.dtype === 'float32')).toBe(true);
    const bytes = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
    expect(readFileSync(join(results, 'model/weights.bin')).length).toBe(bytes);
  });

  it('the saved model loads with tf.loadLayersModel and reproduces the run\'s test metrics', async () => {
    // A custom IOHandler over the two files, written here from the tfjs format alone.
    const json = JSON.parse(read('model/model.json'));
    const bin = readFileSync(join(results, 'model/weights.bin'));
    const handler: TF.io.IOHandler = {
      load: async () => ({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: json.weightsManifest.flatMap((g: { weights: TF.io.WeightsManifestEntry[] }) => g.weights),
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    };
    const model = (await tf.loadLayersModel(handler)) as TF.Sequential;
    // The test rows as the run saw them, rebuilt from run.json's resolved experiment and the data files.
    const x = JSON.parse(read('run.json')).experiment as ResolvedExperiment;
    const files = ['data/iris.csv', 'data/iris-test.csv'].map((p) => ({ path: p, abs: join(dir, p), sha256: sha256(readFileSync(join(dir, p))) }));
    const data = prepareDataset(x, join(dir, `${NAME}.yaml`), files);
    const entry = losses.get(x.compile.loss.type)!;
    const lossFn = entry.build(tf, defaults(entry.params as TProperties, x.compile.loss));
    const got = await evaluate(tf, model, lossFn, metricPlan(tf, x.compile.metrics, data.labels), data.test!);
    model.dispose();
    const final = JSON.parse(read('metrics.json')).final;
    // Different weights would not give the same test loss to 6 digits.
    expect(round6(got.loss)).toBe(final.test_loss);
    expect(round6(got.accuracy!)).toBe(final.test_accuracy);
  });
});

describe('saving and loading a trained model', () => {
  it('predicts bit-identically to the model at the end of training (saveArtifacts → loadArtifacts)', async () => {
    const l = loadYaml(YAML, IRIS_FILES);
    const data = prepareDataset(l.x, l.source.yamlFile, l.source.dataFiles);
    const entry = losses.get(l.x.compile.loss.type)!;
    const lossFn = entry.build(tf, defaults(entry.params as TProperties, l.x.compile.loss));
    const model = withRandom(makeRng(l.x.seed, 'init'), () => buildModel(tf, l.x.model, data.features));
    const optimizer = await optimizers.get(l.x.compile.optimizer.type)!.build(tf, l.x.compile.optimizer);
    // 4 epochs, not the run's 12: the model is already mostly right (23 of 30), and what is saved and loaded back does
    // not depend on how long it trained.
    await train(tf, model, optimizer, lossFn, metricPlan(tf, [], data.labels), data, { ...l.x.fit, epochs: 4 }, makeRng(l.x.seed, 'train'));
    const input = tf.tensor2d(data.test!.x, [data.test!.rows, data.features]);
    const live = model.predict(input) as TF.Tensor;
    const saved = await saveArtifacts(tf, model);
    optimizer.dispose();
    model.dispose(); // the loaded copy must stand on its own
    const loaded = await loadArtifacts(tf, saved.modelJson, saved.weights);
    const again = loaded.predict(input) as TF.Tensor;
    const a = live.dataSync();
    const b = again.dataSync();
    expect(b.length).toBe(30 * 3);
    expect(Array.from(b)).toEqual(Array.from(a));
    // Not a degenerate model: it is mostly right on the test rows.
    const y = data.test!.y;
    const right = Array.from({ length: data.test!.rows }, (_, i) => i).filter((i) => y.subarray(i * 3, i * 3 + 3).indexOf(1) === [0, 1, 2].reduce((m, j) => (a[i * 3 + j]! > a[i * 3 + m]! ? j : m), 0)).length;
    expect(right).toBeGreaterThan(20);
    loaded.dispose();
    tf.dispose([input, live, again]);
  });
});

describe('a model with an activation tfjs lacks (leaky_relu)', () => {
  it('loads back in a fresh process through loadArtifacts', async () => {
    const model = tf.sequential();
    model.add(layers.get('dense')!.build(tf, { units: 3, activation: 'leaky_relu' }, [2]));
    const saved = await saveArtifacts(tf, model);
    const input = tf.tensor2d([[-1, 2], [3, -4]]);
    const live = model.predict(input) as TF.Tensor;
    const want = Array.from(live.dataSync());
    tf.dispose([input, live]);
    model.dispose();
    // Saved as standard tfjs layers (see test/model-stock-tfjs.test.ts): a linear Dense, then LeakyReLU.
    expect(JSON.parse(saved.modelJson).modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(['Dense', 'LeakyReLU']);
    expect(want.some((v) => v < 0)).toBe(true); // the negative side is in play
    const d = tempDir('leaky');
    writeFileSync(join(d, 'model.json'), saved.modelJson);
    writeFileSync(join(d, 'weights.bin'), saved.weights);
    const script = `
      import { readFileSync } from 'node:fs';
      const { loadTf } = await import(${JSON.stringify(join(ROOT, 'dist/engine/tf.js'))});
      const { loadArtifacts } = await import(${JSON.stringify(join(ROOT, 'dist/engine/save.js'))});
      const { tf } = await loadTf('cpu');
      const m = await loadArtifacts(tf, readFileSync(${JSON.stringify(join(d, 'model.json'))}, 'utf8'), readFileSync(${JSON.stringify(join(d, 'weights.bin'))}));
      console.log(JSON.stringify(Array.from(m.predict(tf.tensor2d([[-1, 2], [3, -4]])).dataSync())));`;
    const got = await new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let o = '';
      let e = '';
      c.stdout.setEncoding('utf8').on('data', (s: string) => (o += s));
      c.stderr.setEncoding('utf8').on('data', (s: string) => (e += s));
      c.on('close', (code) => (code === 0 ? resolve(o) : reject(new Error(e))));
    });
    expect(JSON.parse(got)).toEqual(want);
  });
});

describe('one writer per results folder', () => {
  let sleeper: ChildProcess;
  afterAll(() => {
    sleeper?.kill();
  });

  it('a second process gets a clear message and exit 2 while the lock\'s owner lives; the results stay', async () => {
    // a live process that is not this one (`sleep`: no Node to load)
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lock = join(out, `.${NAME}.lock`);
    writeFileSync(lock, String(sleeper.pid));
    const before = snapshot(results);
    const r = await cliInProcess(['run', join(dir, `${NAME}.yaml`), '--out', out, '--backend', 'cpu', '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${NAME} is being run by another trainspec process \\(pid ${sleeper.pid}\\)`));
    expect(r.stdout + r.stderr).not.toMatch(BANNER);
    expect(changedFiles(before, snapshot(results))).toEqual([]);
    // The loser leaves the owner's lock alone.
    expect(readFileSync(lock, 'utf8')).toBe(String(sleeper.pid));
    expect(readdirSync(out).sort()).toEqual([`.${NAME}.lock`, NAME]);
  });
});

describe('writeAtomicallyAsync (the run folder writer)', () => {
  it('a write that fails half-way leaves the previous folder as it was and no temporary folder', async () => {
    const parent = tempDir('atomic');
    const target = join(parent, 'exp');
    const runJson = JSON.stringify({ hash: 'h', versions: { trainspec: '0' } });
    await writeAtomicallyAsync(target, { 'run.json': runJson, 'metrics.json': 'old\n', 'model/weights.bin': new Uint8Array([1, 2]) });
    const before = snapshot(target);
    // One file cannot be written (not a string or bytes): the run's files never appear.
    await expect(writeAtomicallyAsync(target, { 'run.json': runJson, 'metrics.json': 'new\n', 'model/weights.bin': 42 as unknown as string })).rejects.toThrow();
    expect(changedFiles(before, snapshot(target))).toEqual([]);
    expect(readdirSync(parent)).toEqual(['exp']);
    // A write that succeeds replaces the folder whole (no stale files from before).
    await writeAtomicallyAsync(target, { 'metrics.json': 'new\n' });
    expect([...snapshot(target).keys()]).toEqual(['metrics.json']);
    expect(readdirSync(parent)).toEqual(['exp']);
  });
});
