// The measurements behind --backend auto's cost model (src/engine/backend-plan.ts): models the
// tfjs engine trains, each on the cpu and on the wasm backend in fresh processes, back to back
// (cpu, then wasm) per round; prints each pair's training times (RunOutcome.trainMs), the
// cpu/wasm ratio (> 1: wasm faster), the multiply-adds per batch, and the load average.
//   npm run build && node bench/backend-pairs.js [--rounds 2] [--only tut,bn32,...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const ROUNDS = Number(opt('--rounds', '2'));
const ONLY = opt('--only', '').split(',').filter(Boolean);
const dense = (units, activation = 'relu') => ({ type: 'dense', units, activation });
const BN = { type: 'batch_normalization' };
const seq = (t, units) => [{ type: 'reshape', target_shape: t }, units];
// id: [rows, features, hidden layers, epochs, batch]
const JOBS = {
  tut: [250, 5, [dense(20, 'tanh')], 150, 32],
  bn8: [500, 8, [dense(8), BN], 20, 32],
  bn_pool: [1000, 64, [...seq([8, 8, 1], { type: 'max_pooling2d', pool_size: 2 }), { type: 'flatten' }, dense(32), BN], 5, 32],
  lstm_small: [500, 8, seq([4, 2], { type: 'lstm', units: 4 }), 5, 32],
  bn16: [1000, 16, [dense(32), BN, dense(32)], 5, 32],
  lstm_mid: [1000, 16, seq([8, 2], { type: 'lstm', units: 8 }), 2, 32],
  bn32: [2000, 32, [dense(64), BN, dense(64)], 10, 32],
  rnn: [2000, 32, seq([8, 4], { type: 'simple_rnn', units: 32 }), 2, 32],
  lstm: [2000, 32, seq([8, 4], { type: 'lstm', units: 32 }), 2, 32],
  gru: [2000, 32, seq([8, 4], { type: 'gru', units: 32 }), 2, 32],
  bn100: [10000, 100, [dense(256), BN, dense(256)], 1, 128],
};
const tmp = mkdtempSync(join(tmpdir(), 'trainspec-backend-'));
const ONE = `import { loadExperiment, runExperiment } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
import { backendChoice, mulAddsPerRow } from ${JSON.stringify(new URL('../dist/engine/backend-plan.js', import.meta.url).href)};
const l = loadExperiment(process.argv[1]);
const o = await runExperiment(l, { backend: process.argv[2], engine: 'tfjs' });
const x = l.experiment;
console.log(JSON.stringify({ ms: o.trainMs, backend: o.backend, muladds: mulAddsPerRow(x, x.data.features) * x.fit.batch_size, auto: backendChoice(x, x.data.features, 'tfjs', 'auto', false).backend }));`;
const ids = Object.keys(JOBS).filter((k) => !ONLY.length || ONLY.includes(k));
for (const id of ids) {
  const [samples, features, model, epochs, batch] = JOBS[id];
  writeFileSync(join(tmp, `${id}.yaml`), JSON.stringify({ name: id, seed: 5, data: { generator: 'uniform_sum', samples, features, labels: 'binary' },
    model: [...model, dense(1, 'sigmoid')], compile: { optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] },
    fit: { epochs, batch_size: batch, validation_split: 0 } }));
}
const once = (id, backend) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', ONE, join(tmp, `${id}.yaml`), backend], { encoding: 'utf8', env: { ...process.env, TRAINSPEC_NO_TFJS_NODE: '1' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};
console.log('job          multiply-adds/batch  auto  round  cpu ms  wasm ms  cpu/wasm  load');
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const id of ids) {
      const c = once(id, 'cpu'), w = once(id, 'wasm');
      console.log(`${id.padEnd(12)} ${String(c.muladds).padStart(19)}  ${c.auto.padEnd(4)}  ${String(round).padStart(5)}  ${c.ms.toFixed(0).padStart(6)}  ${w.ms.toFixed(0).padStart(7)}  ${(c.ms / w.ms).toFixed(2).padStart(8)}  ${loadavg()[0].toFixed(1)}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
