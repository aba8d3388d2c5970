#!/usr/bin/env node
// The live page's latency (issue 14: "from a save to the first new point on the page <= 300 ms"):
// starts `trainspec watch --serve --port 0 --json` on a temporary folder holding the tutorial's
// hinge job, subscribes to the page's Server-Sent Events stream (/events, what the page's script
// reads), waits until the first run is done, then saves an edit (the description: new content, the
// same work) and measures, from the write to the first `epoch` message of the new run arriving on
// the stream. Several edits in one process (warm), each after the previous rerun finished.
// Drawing the point in the page adds one uPlot setData call (well under a frame); the browser test
// (test/serve-browser.test.ts) checks that the points do arrive on the real page.
//   npm run build && node bench/page-latency.mjs [--edits 9] [--pause-ms 400]
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, editFolder, option as opt } from './edit-folder.mjs';

const EDITS = Number(opt('--edits', '9'));
const PAUSE_MS = Number(opt('--pause-ms', '400'));
const TIMEOUT_MS = 60_000;

const { tmp, folder, edit } = editFolder('trainspec-page-latency-', 'page-hinge');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const child = spawn(process.execPath, [BIN, 'watch', folder, '--out', join(tmp, 'results'), '--serve', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((res, rej) => {
  let buf = '';
  const t = setTimeout(() => rej(new Error('no serving line')), TIMEOUT_MS);
  child.stdout.on('data', (d) => {
    buf += d;
    for (const line of buf.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const e = JSON.parse(line);
        if (e.event === 'serving') { clearTimeout(t); res(e.url); }
      } catch { /* a partial line */ }
    }
  });
});

// The SSE stream, parsed into {type, data} messages with their arrival time.
const waiters = [];
const seen = [];
get(new URL('events', url), (res) => {
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    const now = performance.now();
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const type = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!type || !data) continue;
      const m = { type, data: JSON.parse(data), at: now };
      seen.push(m);
      for (const w of [...waiters]) if (w.test(m)) { waiters.splice(waiters.indexOf(w), 1); w.res(m); }
    }
  });
});
const next = (test) => {
  const found = seen.find(test);
  if (found) return Promise.resolve(found);
  return new Promise((res, rej) => {
    const w = { test, res };
    waiters.push(w);
    setTimeout(() => rej(new Error('timed out waiting for a page message')), TIMEOUT_MS);
  });
};
const finished = (m) => m.type === 'run' && ['done', 'stopped early', 'up to date'].includes(m.data.run?.status);

await next((m) => m.type === 'snapshot');
// The first run (or up-to-date) finishes before the edits start.
await next(finished);
const figures = [];
for (let n = 1; n <= EDITS; n++) {
  await sleep(PAUSE_MS);
  seen.length = 0;
  const t0 = performance.now();
  edit(n);
  const first = await next((m) => m.type === 'epoch');
  figures.push(first.at - t0);
  await next(finished);
}
child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
rmSync(tmp, { recursive: true, force: true });
const sorted = [...figures].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`save -> first epoch point on the page's event stream, ${EDITS} edits: median ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)})`);
console.log(`RESULT ${JSON.stringify({ page_first_point_ms: figures.map((f) => Math.round(f)) })}`);
