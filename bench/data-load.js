// `npm run bench -- --data`: a 60000×785 integer CSV (MNIST's shape, ~168 MB) loaded by
// trainspec (validated and ready to train: bench/data-load-once.js) against numpy.loadtxt on
// the same file, each in its own process, in pairs (trainspec, numpy, trainspec, numpy, ...)
// so load on a shared machine hits both alike. Targets (issue 12): time ≤ 2× numpy's, peak
// memory ≤ 2× the float32 size of the data.
//   npm run bench -- --data [--rounds 3] [--rows 60000] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMnistCsv } from './mnist-csv.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const ROUNDS = Number(opt('--rounds', '3'));
const ROWS = Number(opt('--rows', '60000'));
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-data-bench-'));
const csv = join(tmp, 'mnist.csv');
writeMnistCsv(csv, ROWS);
const exp = join(tmp, 'mnist.yaml');
writeFileSync(exp, 'data: {path: mnist.csv, target: label, labels: onehot, normalize: none}\nmodel: [{type: dense, units: 10, activation: softmax}]\ncompile: {optimizer: adam, loss: categorical_crossentropy}\nfit: {epochs: 1, batch_size: 128}\n');
const NUMPY = `
import json, resource, sys, time
import numpy as np
t = time.perf_counter()
a = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, dtype=np.float32)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({'total_ms': ms, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'rows': a.shape[0]}))
`;
const hasNumpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`data load: ${ROWS}×785 integer CSV, ${(statSync(csv).size / 1e6).toFixed(1)} MB; ${ROUNDS} pairs (+1 warm-up), trainspec then numpy.loadtxt(dtype=float32)`);
const ours = [], theirs = [];
for (let i = 0; i <= ROUNDS; i++) {
  const a = run(process.execPath, [join(ROOT, 'bench', 'data-load-once.js'), exp]);
  const b = hasNumpy ? run('/usr/bin/python3', ['-c', NUMPY, csv]) : null;
  if (i === 0) continue;
  ours.push(a), b && theirs.push(b);
  console.log(`  pair ${i}: trainspec ${a.total_ms.toFixed(0)} ms (validate ${a.validate_ms.toFixed(0)}, dataset ${a.dataset_ms.toFixed(0)}), peak ${a.peak_rss_mb.toFixed(0)} MB` +
    (b ? `; numpy ${b.total_ms.toFixed(0)} ms, peak ${b.peak_rss_mb.toFixed(0)} MB; ratio ${(a.total_ms / b.total_ms).toFixed(2)}` : ''));
}
const f32 = ours[0].float32_mb;
const ms = median(ours.map((o) => o.total_ms));
const rss = median(ours.map((o) => o.peak_rss_mb));
console.log(`trainspec median ${ms.toFixed(0)} ms, peak ${rss.toFixed(0)} MB = ${(rss / f32).toFixed(2)}× the float32 data (${f32.toFixed(0)} MB; target ≤ 2×)`);
if (theirs.length) {
  const ratios = ours.map((o, i) => o.total_ms / theirs[i].total_ms);
  console.log(`numpy.loadtxt median ${median(theirs.map((t) => t.total_ms)).toFixed(0)} ms, peak ${median(theirs.map((t) => t.peak_rss_mb)).toFixed(0)} MB; pair ratio median ${median(ratios).toFixed(2)} (target ≤ 2)`);
} else console.log('numpy: skipped (/usr/bin/python3 -c "import numpy" failed)');
if (!argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
else console.log(`kept ${tmp}`);
