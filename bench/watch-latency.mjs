#!/usr/bin/env node
// Watch mode's latency (issue 6: "from a save to the first epoch printed <= 300 ms"): starts
// `trainspec watch --json` on a temporary folder holding the tutorial's hinge job, waits until the
// first run is done and the process is idle, then saves an edit (the description: new content, the
// same work) and measures, from the write to each line arriving on the watcher's stdout:
//   epoch    the first `epoch` event (the target), and also `started` and `finished`.
// Warm: several edits in one watch process, each after the previous rerun finished and a quiet
// pause. Cold: watch started on up-to-date results, so the edit is the process's first run (tfjs,
// vega and the training code load on it); one edit per process, several processes. Prints the
// median, min and max, and a RESULT line with every figure.
//   npm run build && node bench/watch-latency.mjs [--edits 9] [--cold 5] [--pause-ms 400] [--keep]
// The watcher debounces saves for DEBOUNCE_MS (src/cli/watch-command.ts) before it reloads, which
// is part of the figure, as it is of what a user sees.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, editFolder, option as opt } from './edit-folder.mjs';

const EDITS = Number(opt('--edits', '9'));
const PAUSE_MS = Number(opt('--pause-ms', '400'));
const COLD = Number(opt('--cold', '5'));
const TIMEOUT_MS = 60_000;

const { tmp, folder, edit } = editFolder('trainspec-watch-latency-', 'watch-hinge');
const RESULTS = join(tmp, 'results');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * One `trainspec watch` process: waits for its first pass (a run, or `up_to_date`), then saves
 * `edits` edits, numbered from `first`, each after the previous rerun finished and a pause.
 */
async function session(first, edits) {
  const child = spawn(process.execPath, [BIN, 'watch', folder, '--json', '--out', RESULTS], {
    cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  let done = false;
  child.on('exit', (code) => {
    if (!done) {
      console.error(`watch exited early (${code}):\n${stderr}`);
      process.exit(1);
    }
  });
  /** Every event with the time its line arrived. */
  const events = [];
  let waiters = [];
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (s) => {
    const at = performance.now();
    buf += s;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      events.push({ at, e: JSON.parse(line) });
      waiters = waiters.filter((w) => !w());
    }
  });
  /** Resolves with the first event after index `from` that matches, or rejects after TIMEOUT_MS. */
  const next = (from, match) => new Promise((resolveNext, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting; events: ${JSON.stringify(events.slice(from).map((x) => x.e.event))}\n${stderr}`)), TIMEOUT_MS);
    const check = () => {
      const hit = events.slice(from).find((x) => match(x.e));
      if (hit) {
        clearTimeout(timer);
        resolveNext(hit);
      }
      return Boolean(hit);
    };
    if (!check()) waiters.push(check);
  });

  const t0 = performance.now();
  const firstPass = await next(0, (e) => e.event === 'finished' || e.event === 'up_to_date');
  const rows = [];
  for (let i = first; i < first + edits; i++) {
    await sleep(PAUSE_MS); // idle: no run going, the debounce timer long expired
    const from = events.length;
    const wrote = performance.now();
    edit(i);
    const started = await next(from, (e) => e.event === 'started');
    const epoch = await next(from, (e) => e.event === 'epoch');
    const finished = await next(from, (e) => e.event === 'finished');
    rows.push({ edit: i, started_ms: +(started.at - wrote).toFixed(1), first_epoch_ms: +(epoch.at - wrote).toFixed(1), finished_ms: +(finished.at - wrote).toFixed(1) });
  }
  done = true;
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  return { firstPass: { event: firstPass.e.event, ms: +(firstPass.at - t0).toFixed(1) }, rows };
}

// Warm: one watch process, edits one after another (the engine stays loaded and optimized).
const warm = await session(1, EDITS);
// Cold: the results are up to date when watch starts, so the edit is the process's first run
// (tfjs, vega and the training code load and warm up on it); one edit per watch process.
const cold = [];
for (let k = 0; k < COLD; k++) {
  const n = 100 + k;
  edit(n);
  const r = spawnSync(process.execPath, [BIN, 'run', folder, '--out', RESULTS, '-q'], { cwd: tmp, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`trainspec run failed:\n${r.stderr}`);
  const s = await session(n + 1, 1);
  if (s.firstPass.event !== 'up_to_date') throw new Error(`expected up_to_date at watch start, got ${s.firstPass.event}`);
  cold.push(s.rows[0]);
}

const stats = (rows, k) => {
  const xs = rows.map((r) => r[k]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
};
const fmt = ({ median: m, min, max }) => `median ${m.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;
const report = (label, rows) => {
  console.log(`${label}:`);
  console.table(rows);
  console.log(`  save -> started:     ${fmt(stats(rows, 'started_ms'))}`);
  console.log(`  save -> first epoch: ${fmt(stats(rows, 'first_epoch_ms'))}  (target <= 300 ms: ${stats(rows, 'first_epoch_ms').median <= 300 ? 'met' : 'missed'})`);
  console.log(`  save -> finished:    ${fmt(stats(rows, 'finished_ms'))}`);
};
console.log(`watch start to the first run finished: ${warm.firstPass.ms.toFixed(0)} ms`);
report(`warm: ${EDITS} edits in one watch process`, warm.rows);
if (cold.length) report(`cold: the first edit after watch started on up-to-date results, ${cold.length} processes`, cold);
const summary = (rows) => rows.length ? { first_epoch: stats(rows, 'first_epoch_ms'), started: stats(rows, 'started_ms'), finished: stats(rows, 'finished_ms') } : null;
console.log(`RESULT ${JSON.stringify({ startup_ms: warm.firstPass.ms, warm: summary(warm.rows), cold: summary(cold), warm_rows: warm.rows, cold_rows: cold })}`);
if (process.argv.includes('--keep')) console.error(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
