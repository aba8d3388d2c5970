// `npm run bench -- --scale`: the fused engine at issue 12's sizes against PyTorch on one thread.
// Prints one table: job, PyTorch train ms, fused train ms, ratio (median of per-round ratios:
// the peer and trainspec run back to back in each round, rounds interleave every job), the
// fused engine's end-to-end GFLOP/s (dense products' floating-point work / training time) and
// its fraction of this machine's single-core f32x4 peak (bench/peak.ts, measured here); then
// the bare products' GFLOP/s at a few sizes. The load average is printed: on a shared machine
// absolute figures move by 2x and more, ratios measured side by side much less.
//   npm run bench -- --scale [--rounds 3] [--peers DIR] [--only tutorial,s32,s100,s784,digits] [--tfjs]
// --tfjs adds the tfjs engine on tfjs's cpu and wasm backends (XNNPACK) to every round, paired like the
// fused engine: minutes per round at the larger sizes (tfjs-cpu is ~100x PyTorch at 784 -> 512 -> 512).
// A model a backend cannot train (wasm has no conv gradient kernel in tfjs 4.22) shows "—".
// The digits conv net reads ../datasets/digits.csv beside the peers' folder (as torch_digits_cnn.py does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const ROUNDS = Number(opt('--rounds', '3'));
const PEERS = resolve(opt('--peers', process.env.TRAINSPEC_BENCH_PEERS ?? join(ROOT, '..', 'shared', 'bench-peers')));
const ONLY = opt('--only', '').split(',').filter(Boolean);
const TFJS = argv.includes('--tfjs');
const PY = '/usr/bin/python3';
const NODE = process.execPath;
// torch.set_num_threads(1) alone leaves OpenBLAS's products on every core
const ONE_THREAD = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', NO_COLOR: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-scale-'));

const mlp = (rows, feats, width, epochs, batch) => `name: scale
seed: 1
data: {generator: uniform_sum, samples: ${rows}, features: ${feats}, labels: binary}
model:
  - {type: dense, units: ${width}, input_dim: ${feats}, activation: relu}
  - {type: dense, units: ${width}, activation: relu}
  - {type: dense, units: 1, activation: sigmoid}
compile: {optimizer: {type: adam, learning_rate: 0.001, epsilon: 1.0e-7}, loss: binary_crossentropy, metrics: [accuracy]}
fit: {epochs: ${epochs}, batch_size: ${batch}, validation_split: 0, shuffle: true}
`;
/** Floating-point work of one training row through dense layers [in, out]: forward, weight gradient, input gradient (not for the first layer). */
const rowFlops = (layers) => layers.reduce((s, [i, u], k) => s + (k === 0 ? 4 : 6) * i * u, 0);
const scaleJob = (id, rows, feats, width, epochs, batch) => ({
  id, name: `${rows}x${feats} -> ${width} -> ${width} -> 1, ${epochs} epoch${epochs > 1 ? 's' : ''}, batch ${batch}`,
  yaml: mlp(rows, feats, width, epochs, batch), peer: ['torch_scale.py', ...[rows, feats, width, 2, epochs, batch].map(String)],
  flops: epochs * rows * rowFlops([[feats, width], [width, width], [width, 1]]),
});
const JOBS = [
  {
    id: 'tutorial', name: '250x5 -> 20 -> 1 (the tutorial), 150 epochs, batch 32',
    yaml: readFileSync(join(ROOT, 'experiments', 'keras-seed-hinge.yaml'), 'utf8'), peer: ['torch_seed.py', '--threads', '1'],
    flops: 150 * 200 * rowFlops([[5, 20], [20, 1]]), target: 0.12,
  },
  { ...scaleJob('s32', 2000, 32, 64, 10, 32), target: 0.5 },
  { ...scaleJob('s100', 10000, 100, 256, 3, 128), target: 3 },
  { ...scaleJob('s784', 10000, 784, 512, 1, 128), target: 3 },
  {
    // torch_digits_cnn.py's net and split (first 1437 rows train, last 360 test); grey levels scaled by min-max
    id: 'digits', name: 'digits 8x8x1 -> conv2d 16 3x3 relu -> max_pooling2d 2 -> flatten -> dense 10, 30 epochs, batch 32',
    yaml: `name: digits
seed: 1
data: {path: digits-train.csv, target: digit, labels: onehot, normalize: minmax}
test: {path: digits-test.csv}
model:
  - {type: conv2d, filters: 16, kernel_size: 3, activation: relu, input_shape: [8, 8, 1]}
  - {type: max_pooling2d, pool_size: 2}
  - {type: flatten}
  - {type: dense, units: 10, activation: softmax}
compile: {optimizer: {type: adam, learning_rate: 0.001, epsilon: 1.0e-7}, loss: categorical_crossentropy, metrics: [accuracy]}
fit: {epochs: 30, batch_size: 32, validation_split: 0, shuffle: true}
`,
    peer: ['torch_digits_cnn.py', '--threads', '1', '--epochs', '30'],
    // per row: conv forward + weight gradient (36 positions x 9 x 16), dense forward + both gradients (144 x 10)
    flops: 30 * 1437 * (2 * 2 * 36 * 9 * 16 + 3 * 2 * 144 * 10), target: 2,
  },
].filter((j) => !ONLY.length || ONLY.includes(j.id));
// The digits data set beside the peers (../datasets/digits.csv), split as the peer splits it.
const DIGITS = join(PEERS, '..', 'datasets', 'digits.csv');
function writeDigits(dir) {
  const lines = readFileSync(DIGITS, 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'digits-train.csv'), `${lines.slice(0, 1438).join('\n')}\n`);
  writeFileSync(join(dir, 'digits-test.csv'), `${[lines[0], ...lines.slice(1438)].join('\n')}\n`);
}

function result(cmd, args, cwd, optional = false) {
  const p = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: ONE_THREAD, maxBuffer: 16 << 20 });
  if (p.status !== 0 && optional) return { train_ms: NaN };
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${p.status}):\n${p.stdout}\n${p.stderr}`);
  const line = p.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  return JSON.parse(line.slice(7));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};

// ---- the machine's f32x4 peak, and the bare products ---------------------------------------
const peakWasm = join(tmp, 'peak.wasm');
if (spawnSync(NODE, [join(ROOT, 'scripts', 'build-kernels.mjs'), join(ROOT, 'bench', 'peak.ts'), peakWasm], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('bench/peak.ts does not build');
/** Best of `tries` timings of fn (GFLOP/s for `flops` per call): the least disturbed by other processes. */
function best(fn, flops, tries = 7, calls = 5) {
  for (let i = 0; i < 30; i++) fn(); // past V8's tier-up to optimized wasm
  let top = 0;
  for (let t = 0; t < tries; t++) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) fn();
    top = Math.max(top, (flops * calls) / ((performance.now() - t0) * 1e6));
  }
  return top;
}
const peakInst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(peakWasm)), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
const PEAK_ITERS = 200_000;
const peak = () => best(() => peakInst.exports.peak(PEAK_ITERS), 96 * PEAK_ITERS, 40, 3);

const { denseKernels, ensureMemory } = await import(join(ROOT, 'dist', 'engine', 'fused', 'wasm.js'));
function products(R, I, U) {
  const k = denseKernels();
  const floats = [R * I, I * U, R * U, R * I, I * U, Math.max(k.scratchFloats(U, I), k.scratchFloats(I, U), k.scratchFloats(U, R))];
  const at = [];
  let bytes = 0;
  for (const n of floats) {
    at.push(bytes);
    bytes += Math.ceil(n / 4) * 16;
  }
  ensureMemory(k, bytes);
  const f = new Float32Array(k.memory.buffer);
  for (let i = 0; i < f.length; i++) f[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const [x, W, y, dx, G, s] = at;
  const flops = 2 * R * I * U;
  // single calls, many tries: on a loaded machine a longer timed window is almost surely preempted
  return {
    forward: best(() => k.dense_forward(x, W, 0, y, R, I, U, s), flops, 40, 1),
    input: best(() => k.dense_input_grad(y, W, dx, R, I, U, s), flops, 40, 1),
    weight: best(() => k.dense_kernel_grad(x, y, G, R, I, U, s), flops, 40, 1),
  };
}

// ---- training, round-robin -------------------------------------------------------------------
const torch = existsSync(join(PEERS, 'torch_scale.py')) && spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const load0 = loadavg()[0];
const peaks = [peak()];
const runs = Object.fromEntries(JOBS.map((j) => [j.id, []]));
for (const j of JOBS) writeFileSync(join(tmp, `${j.id}.yaml`), j.yaml);
if (JOBS.some((j) => j.id === 'digits')) writeDigits(tmp);
for (let round = 0; round <= ROUNDS; round++) { // round 0 warms the disk cache and is dropped
  for (const j of JOBS) {
    const peerMs = torch && existsSync(join(PEERS, j.peer[0])) ? result(PY, j.peer, PEERS).train_ms : NaN;
    const ours = result(NODE, [join(ROOT, 'bench', 'train-once.js'), join(tmp, `${j.id}.yaml`), '--engine', 'fused'], ROOT);
    const tfjsMs = (backend) => (TFJS && round > 0 ? result(NODE, [join(ROOT, 'bench', 'train-once.js'), join(tmp, `${j.id}.yaml`), '--engine', 'tfjs', '--backend', backend], ROOT, true).train_ms : NaN);
    const cpu = tfjsMs('cpu');
    const wasm = tfjsMs('wasm');
    if (round > 0) runs[j.id].push({ peer: peerMs, fused: ours.train_ms, acc: ours.test_acc, cpu, wasm });
    process.stderr.write(`round ${round} ${j.id}: torch ${peerMs} ms, fused ${ours.train_ms} ms${TFJS ? `, tfjs-cpu ${cpu} ms, tfjs-wasm ${wasm} ms` : ''}\n`);
  }
  peaks.push(peak());
}
const PEAK = Math.max(...peaks);
const sizes = [[32, 32, 64], [128, 100, 256], [128, 256, 256], [128, 784, 512], [128, 512, 512]].map(([R, I, U]) => ({ R, I, U, ...products(R, I, U) }));
rmSync(tmp, { recursive: true, force: true });

// ---- report ------------------------------------------------------------------------------------
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
console.log(`trainspec ${git}, ${cpus()[0]?.model} x${cpus().length}, node ${process.version}; ${ROUNDS} rounds after a warm-up; load average ${f(load0, 1)} at the start, ${f(loadavg()[0], 1)} at the end`);
console.log(`f32x4 mul+add peak, one core: ${f(PEAK, 1)} GFLOP/s (best of ${peaks.length} measurements between rounds; median ${f(median(peaks), 1)})${torch ? '' : '; PyTorch peer skipped (no torch_scale.py or no torch)'}\n`);
const tfjsHead = TFJS ? ' tfjs-cpu / PyTorch | tfjs-wasm / PyTorch |' : '';
console.log(`| job | PyTorch ms | fused ms | fused / PyTorch | target | GFLOP/s | of peak |${tfjsHead}`);
console.log(`|---|---|---|---|---|---|---|${TFJS ? '---|---|' : ''}`);
for (const j of JOBS) {
  const rs = runs[j.id];
  const fusedMs = median(rs.map((r) => r.fused));
  const gflops = j.flops / (fusedMs * 1e6);
  const tfjsCols = TFJS ? ` ${f(median(rs.map((r) => r.cpu / r.peer)), 1)} | ${f(median(rs.map((r) => r.wasm / r.peer)), 1)} |` : '';
  console.log(`| ${j.name} | ${f(median(rs.map((r) => r.peer)), 0)} | ${f(fusedMs, 0)} | ${f(median(rs.map((r) => r.fused / r.peer)))} | ≤ ${j.target} | ${f(gflops, gflops < 1 ? 2 : 1)} | ${f((100 * gflops) / PEAK, gflops < 1 ? 1 : 0)}% |${tfjsCols}`);
}
console.log('\n| product (rows x inputs x units) | forward X·W GFLOP/s | input grad dY·Wᵀ | weight grad Xᵀ·dY | best of peak |');
console.log('|---|---|---|---|---|');
for (const s of sizes) console.log(`| ${s.R}x${s.I}x${s.U} | ${f(s.forward, 1)} | ${f(s.input, 1)} | ${f(s.weight, 1)} | ${f((100 * Math.max(s.forward, s.input, s.weight)) / PEAK, 0)}% |`);
