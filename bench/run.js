#!/usr/bin/env node
// `npm run bench`: trainspec against PyTorch on the tutorial's seed job and the 27-run sweep
// (issue 6). Every measurement is its own process, run round-robin (A B C ... A B C ...) so
// drift on a shared machine hits all alike; the first round is a discarded warm-up. Prints
// medians and, per pair of adjacent runs, ratios against PyTorch 1 thread, with the issue's
// targets. Without PyTorch (Debian: apt-get install -y python3-torch) it prints trainspec's
// figures and says the peer was skipped.
//
//   npm run bench                       # 5 seed-job rounds, 3 sweep rounds (+1 warm-up each)
//   npm run bench -- --quick            # 2 and 1 rounds, no tfjs sweep (about a minute)
//   npm run bench -- --rounds 9 --sweep-rounds 5 --peers ../shared/bench-peers --json out.json
//   options: --no-tfjs (skip the tfjs engine), --no-cli-tfjs, --keep (keep the temp folder)
//
// Measured:
//   seed job   train ms: the training loop alone, in-process (bench/train-once.js; the peers'
//              train_ms), one training per fresh process, so JIT warm-up is included as for the peers;
//              cold start: `trainspec run hinge.yaml` as a whole process (node start, validation,
//              tfjs, data, training, evaluation, results folder with model and curves.svg)
//              against torch_seed.py's whole process.
//   sweep      `trainspec run sweep.yaml --workers 1` as a whole process (27 results folders and
//              the summary) against torch_sweep.py's whole process; and in-process figures
//              (bench/sweep-once.js: sum of train ms, first start to last end).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// `--scale`: issue 12's sizes (bench/scale.js), instead of the seed job and the sweep. (A bench
// script, not the CLI: it ends the process itself; stdout is synchronous on Linux pipes and files.)
// `--data`: a 60000×785 CSV loaded by trainspec against numpy.loadtxt (bench/data-load.js).
if (process.argv.includes('--data')) {
  await import('./data-load.js');
  process.exit(process.exitCode ?? 0);
}
if (process.argv.includes('--scale')) {
  await import('./scale.js');
  process.exit(process.exitCode ?? 0);
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const quick = flag('--quick');
const ROUNDS = Number(opt('--rounds', quick ? '2' : '5'));
const SWEEP_ROUNDS = Number(opt('--sweep-rounds', quick ? '1' : '3'));
const WARMUP = Number(opt('--warmup', '1'));
const WITH_TFJS = !flag('--no-tfjs');
const TFJS_SWEEP = WITH_TFJS && !quick && !flag('--no-tfjs-sweep');
const CLI_TFJS = WITH_TFJS && !flag('--no-cli-tfjs');
const PEERS = resolve(opt('--peers', process.env.TRAINSPEC_BENCH_PEERS ?? join(ROOT, '..', 'shared', 'bench-peers')));
const PY = '/usr/bin/python3';
const NODE = process.execPath;
const BIN = join(ROOT, 'bin', 'trainspec.js');

// ---- setup ------------------------------------------------------------------------------
if (!existsSync(join(ROOT, 'dist', 'index.js')) || !existsSync(join(ROOT, 'dist', 'load', 'schema-validator.cjs'))) {
  console.error('bench: building dist/ (npm run build: tsc -p tsconfig.build.json, scripts/precompile.mjs)');
  const b = spawnSync(NODE, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0 || spawnSync(NODE, [join(ROOT, 'scripts', 'precompile.mjs')], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-bench-'));
const HINGE = join(tmp, 'hinge.yaml');
writeFileSync(HINGE, readFileSync(join(ROOT, 'experiments', 'keras-seed-hinge.yaml'), 'utf8').replace(/^name: .*$/m, 'name: bench-hinge'));

// The sweep: the same job with loss x optimizer x hidden activation (the peers' 27 configurations,
// Keras string defaults; mse = mean_squared_error on the same ±1 labels).
const LOSSES = ['hinge', 'squared_hinge', 'mean_squared_error'];
const OPTS = ['adam', 'rmsprop', 'sgd'];
const ACTS = ['tanh', 'relu', 'sigmoid'];
const job = (loss, optimizer, act, extra = '') => `seed: 42
data: {generator: uniform_sum, samples: 250, features: 5, threshold: 2.5, labels: sign}
test: {samples: 200}
model:
  - {type: dense, name: hidden, units: 20, input_dim: 5, activation: ${act}}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: ${optimizer}, loss: ${loss}, metrics: [accuracy]}
fit: {epochs: 150, batch_size: 32, validation_split: 0.2, shuffle: true}
${extra}`;
const SWEEP = join(tmp, 'sweep.yaml');
writeFileSync(SWEEP, `name: bench-sweep\n${job('hinge', 'adam', 'tanh', `sweep:
  grid:
    compile.loss: [${LOSSES.join(', ')}]
    compile.optimizer: [${OPTS.join(', ')}]
    model.hidden.activation: [${ACTS.join(', ')}]
`)}`);
const POINTS = join(tmp, 'points');
mkdirSync(POINTS);
let k = 0;
for (const l of LOSSES) for (const o of OPTS) for (const a of ACTS) writeFileSync(join(POINTS, `${String(++k).padStart(2, '0')}-${l}-${o}-${a}.yaml`), `name: p${k}\n${job(l, o, a)}`);

let torch = false;
let peerNote = '';
const peerDir = join(tmp, 'peers');
if (!existsSync(join(PEERS, 'torch_seed.py'))) peerNote = `PyTorch peer skipped: no ${join(PEERS, 'torch_seed.py')} (pass --peers DIR)`;
else if (spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) peerNote = `PyTorch peer skipped: ${PY} cannot import torch (Debian: apt-get install -y python3-torch)`;
else torch = true;
if (existsSync(join(PEERS, 'plain_seed.js')) || torch) {
  cpSync(PEERS, peerDir, { recursive: true, filter: (s) => !/\/(node_modules|results)(\/|$)/.test(s) });
}
const plain = existsSync(join(peerDir, 'plain_seed.js'));

// ---- running ----------------------------------------------------------------------------
function run(cmd, args, cwd = ROOT) {
  const t0 = performance.now();
  // one thread for the peers: torch.set_num_threads(1) alone leaves OpenBLAS's products on every core
  const env = { ...process.env, NO_COLOR: '1', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  const p = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env });
  const wall = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${p.status}):\n${p.stdout}\n${p.stderr}`);
  const lines = p.stdout.split('\n');
  const parse = (tag) => lines.filter((l) => l.startsWith(`${tag} `)).map((l) => JSON.parse(l.slice(tag.length + 1)));
  return { wall_s: wall, results: parse('RESULT'), sweep: parse('SWEEP')[0] };
}

const median = (xs) => {
  const s = xs.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const progress = (msg) => process.stderr.write(`${msg}\n`);

/** name -> list of {round, ...figures}; warm-up rounds are not recorded. */
const seed = {};
const sweep = {};
const record = (table, name, round, v) => (round >= 0 ? (table[name] ??= []).push({ round, ...v }) : undefined);

const seedJobs = [
  ...(torch ? [['torch1', () => { const r = run(PY, ['torch_seed.py', '--threads', '1'], peerDir); return { wall_s: r.wall_s, ...r.results[0] }; }]] : []),
  ['trainspec-fused', () => { const r = run(NODE, ['bench/train-once.js', HINGE, '--engine', 'fused']); return { ...r.results[0], proc_s: r.wall_s }; }],
  ['trainspec-run-fused', () => ({ wall_s: run(NODE, [BIN, 'run', HINGE, '--out', join(tmp, 'out-cli'), '--force', '-q', '--engine', 'fused']).wall_s })],
  ...(WITH_TFJS ? [['trainspec-tfjs', () => { const r = run(NODE, ['bench/train-once.js', HINGE, '--engine', 'tfjs']); return { ...r.results[0], proc_s: r.wall_s }; }]] : []),
  ...(CLI_TFJS ? [['trainspec-run-tfjs', () => ({ wall_s: run(NODE, [BIN, 'run', HINGE, '--out', join(tmp, 'out-cli-tfjs'), '--force', '-q', '--engine', 'tfjs']).wall_s })]] : []),
  ...(plain ? [['plain-js', () => { const r = run(NODE, ['plain_seed.js'], peerDir); return { wall_s: r.wall_s, ...r.results[0] }; }]] : []),
];
const sweepJobs = [
  ...(torch ? [['torch1', () => { const r = run(PY, ['torch_sweep.py', '--threads', '1'], peerDir); return { wall_s: r.wall_s, ...r.sweep }; }]] : []),
  ['trainspec-run-fused', () => ({ wall_s: run(NODE, [BIN, 'run', SWEEP, '--out', join(tmp, 'out-sweep'), '--force', '-q', '--workers', '1', '--engine', 'fused']).wall_s })],
  ['trainspec-fused', () => { const r = run(NODE, ['bench/sweep-once.js', POINTS, '--engine', 'fused']); return { wall_s: r.wall_s, ...r.sweep }; }],
  ...(TFJS_SWEEP ? [['trainspec-tfjs', () => { const r = run(NODE, ['bench/sweep-once.js', POINTS, '--engine', 'tfjs']); return { wall_s: r.wall_s, ...r.sweep }; }]] : []),
  ...(plain ? [['plain-js', () => { const r = run(NODE, ['plain_sweep.js'], peerDir); return { wall_s: r.wall_s, ...r.sweep }; }]] : []),
];

const started = Date.now();
for (let round = -WARMUP; round < ROUNDS; round++) {
  progress(`seed job, round ${round < 0 ? 'warm-up' : `${round + 1}/${ROUNDS}`}`);
  for (const [name, f] of seedJobs) record(seed, name, round, f());
}
for (let round = -WARMUP; round < SWEEP_ROUNDS; round++) {
  progress(`sweep, round ${round < 0 ? 'warm-up' : `${round + 1}/${SWEEP_ROUNDS}`}`);
  for (const [name, f] of sweepJobs) {
    if (round < 0 && name !== 'torch1' && name !== 'trainspec-run-fused') continue; // warm the disk cache, not everything
    record(sweep, name, round, f());
  }
}

// ---- report -----------------------------------------------------------------------------
/** Median of per-round ratios a/b, where b is torch1's figure of the same round. */
function ratio(table, name, field, torchField = field) {
  if (!torch || !table[name]) return NaN;
  const byRound = new Map(table.torch1.map((r) => [r.round, r[torchField]]));
  return median(table[name].map((r) => r[field] / byRound.get(r.round)));
}
const med = (table, name, field) => median((table[name] ?? []).map((r) => r[field]));
const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const fr = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');

const lines = [];
const out = (s = '') => lines.push(s);
const cpu = (cpus()[0]?.model ?? 'unknown cpu').trim();
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() ? ' (+ uncommitted changes)' : '';
out(`## ${new Date().toISOString().slice(0, 10)}, ${cpus().length} vCPU ${cpu}, node ${process.version}, commit ${git}${dirty}`);
out();
out(`${ROUNDS} seed-job rounds and ${SWEEP_ROUNDS} sweep rounds after ${WARMUP} warm-up; medians; ratios are medians of per-round ratios against PyTorch 1 thread.${torch ? '' : ` ${peerNote}.`}`);
out();
out('Seed job (tutorial hinge job, 1050 steps):');
out();
out('| implementation | train ms | train / torch1 | us/step | test acc | whole process s | process / torch1 |');
out('|---|---|---|---|---|---|---|');
const seedRow = (label, name, procName = null, procField = 'wall_s') => {
  const hasTrain = (seed[name] ?? []).some((r) => r.train_ms !== undefined);
  const proc = procName ?? name;
  out(`| ${label} | ${hasTrain ? f(med(seed, name, 'train_ms')) : ''} | ${hasTrain ? fr(ratio(seed, name, 'train_ms')) : ''} | ${hasTrain ? f(med(seed, name, 'us_per_step')) : ''} | ${hasTrain ? f(med(seed, name, 'test_acc'), 3) : ''} | ${f(med(seed, proc, procField), 2)} | ${fr(ratio(seed, proc, procField, 'wall_s'))} |`);
};
if (torch) seedRow('PyTorch CPU, 1 thread', 'torch1');
seedRow('trainspec, fused engine (`trainspec run` process)', 'trainspec-fused', 'trainspec-run-fused');
if (WITH_TFJS) seedRow(`trainspec, tfjs engine${CLI_TFJS ? ' (`trainspec run --engine tfjs` process)' : ''}`, 'trainspec-tfjs', CLI_TFJS ? 'trainspec-run-tfjs' : 'none');
if (plain) seedRow('plain JS Float64Array (peer yardstick)', 'plain-js');
out();
out('Sweep (27 trainings: loss x optimizer x hidden activation, one process):');
out();
out('| implementation | whole process s | process / torch1 | sum of train ms | train / torch1 | in-process wall ms | in-process / torch1 | median test acc |');
out('|---|---|---|---|---|---|---|---|');
const sweepRow = (label, name, procName = name) => {
  out(`| ${label} | ${f(med(sweep, procName, 'wall_s'), 2)} | ${fr(ratio(sweep, procName, 'wall_s'))} | ${f(med(sweep, name, 'total_ms'), 0)} | ${fr(ratio(sweep, name, 'total_ms'))} | ${f(med(sweep, name, 'wall_ms'), 0)} | ${fr(ratio(sweep, name, 'wall_ms'))} | ${f(med(sweep, name, 'median_test_acc'), 3)} |`);
};
if (torch) sweepRow('PyTorch CPU, 1 thread', 'torch1');
sweepRow('trainspec, fused engine (`trainspec run --workers 1` process; in-process API)', 'trainspec-fused', 'trainspec-run-fused');
if (TFJS_SWEEP) sweepRow('trainspec, tfjs engine (in-process API)', 'trainspec-tfjs', 'trainspec-tfjs');
if (plain) sweepRow('plain JS Float64Array (peer yardstick)', 'plain-js');
out();
if (torch) {
  const verdict = (label, v, target) => out(`- ${label}: **${fr(v)}x** (target <= ${target}x): ${v <= target ? 'met' : `missed by ${fr(v / target)}x the target`}`);
  out('Targets (issue 6):');
  out();
  verdict('tutorial hinge job, training time, fused engine', ratio(seed, 'trainspec-fused', 'train_ms'), 0.25);
  verdict('27-run sweep, whole-process wall, fused engine, 1 worker', ratio(sweep, 'trainspec-run-fused', 'wall_s'), 0.1);
  verdict('`trainspec run` of the tutorial job, whole process from a cold start', ratio(seed, 'trainspec-run-fused', 'wall_s'), 0.5);
} else {
  out(`${peerNote}; no ratios.`);
}
console.log(lines.join('\n'));
const json = opt('--json', null);
if (json) writeFileSync(json, `${JSON.stringify({ date: new Date().toISOString(), cpu, vcpus: cpus().length, node: process.version, commit: git, torch, seed, sweep }, null, 1)}\n`);
progress(`bench: ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!flag('--keep')) rmSync(tmp, { recursive: true, force: true });
else progress(`kept ${tmp}`);
