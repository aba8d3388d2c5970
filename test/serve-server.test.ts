/** The live page's server: localhost only, nothing outside its folders, many tabs, tabs that go away, bounded memory. */
import { request } from 'node:http';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startLive, type LivePage } from '../src/serve/live.js';
import { ROOT, tempDir } from './run-helpers.js';

interface Reply { status: number; type: string; body: string }

function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An open /events stream: the messages so far, by type. */
function listen(url: string): Promise<{ messages: { type: string; data: string }[]; close: () => void }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: '/events' }, (res) => {
      const messages: { type: string; data: string }[] = [];
      let buf = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) messages.push({ type, data });
        }
      });
      res.on('error', () => undefined);
      resolve({ messages, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

const until = async (ok: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

let live: LivePage | null = null;
afterEach(async () => {
  await live?.close();
  live = null;
});

async function serveTemp(): Promise<{ live: LivePage; out: string }> {
  const dir = tempDir('serve');
  const out = join(dir, 'results');
  mkdirSync(join(out, 'a'), { recursive: true });
  writeFileSync(join(out, 'a', 'metrics.json'), JSON.stringify({ epochs_run: 1, final: { loss: 0.5 }, status: 'ok' }));
  writeFileSync(join(out, 'a', 'history.csv'), 'epoch,loss\n1,0.5\n');
  writeFileSync(join(out, 'a', 'run.json'), '{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  symlinkSync(join(dir, 'secret.txt'), join(out, 'a', 'link.txt'));
  live = await startLive({ out, port: 0, describe: (i) => `${i.file}:${i.line}: ${i.message}` });
  return { live, out };
}

describe('watch --serve: the server', () => {
  it('answers only to localhost names (DNS rebinding), and writes nothing', async () => {
    const { live } = await serveTemp();
    expect((await get(live.url, '/', { host: 'evil.example:8077' })).status).toBe(403);
    expect((await get(live.url, '/events', { host: 'attacker.test' })).status).toBe(403);
    const page = await get(live.url, '/', { host: 'localhost:8077' });
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect((await get(live.url, '/', {}, 'POST')).status).toBe(405);
    expect((await get(live.url, '/results/a/metrics.json', {}, 'DELETE')).status).toBe(405);
  });

  it('refuses paths that climb out, encoded or not, and lists no folder', async () => {
    const { live } = await serveTemp();
    for (const p of ['/results/../secret.txt', '/results/%2e%2e/secret.txt', '/results/a/..%2f..%2fsecret.txt', '/assets/..%5capp.js', '/results/%zz']) {
      expect((await get(live.url, p)).status, p).toBe(400);
    }
    expect((await get(live.url, '/results/a/link.txt')).status).toBe(404);
    expect((await get(live.url, '/results/a')).status).toBe(404);
    expect((await get(live.url, '/results/')).status).toBe(404);
    expect((await get(live.url, '/assets/')).status).toBe(404);
  });

  it('serves the page, its assets and results files with their types; 404 for anything else', async () => {
    const { live } = await serveTemp();
    const js = await get(live.url, '/assets/uplot.js');
    expect([js.status, js.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(js.body).toContain('uPlot');
    expect((await get(live.url, '/assets/app.css')).type).toBe('text/css; charset=utf-8');
    const m = await get(live.url, '/results/a/metrics.json');
    expect([m.status, m.type, JSON.parse(m.body).final.loss]).toEqual([200, 'application/json; charset=utf-8', 0.5]);
    expect((await get(live.url, '/results/a/history.csv')).type).toBe('text/csv; charset=utf-8');
    for (const p of ['/nope', '/assets/nope.js', '/results/a/nope.json', '/assets/../package.json', '/events/x']) expect([p, (await get(live.url, p)).status]).toContain(p === '/assets/../package.json' ? 400 : 404);
  });

  it('sends a snapshot first, then every change, to many tabs at once; a tab that leaves is forgotten', async () => {
    const { live } = await serveTemp();
    const tabs = await Promise.all(Array.from({ length: 20 }, () => listen(live.url)));
    await until(() => tabs.every((t) => t.messages.length >= 1), 'snapshots');
    expect(live.server.clients()).toBe(20);
    const first = JSON.parse(tabs[0]!.messages[0]!.data) as { runs: { name: string; final: Record<string, number> }[] };
    expect(tabs[0]!.messages[0]!.type).toBe('snapshot');
    expect(first.runs.map((r) => [r.name, r.final.loss])).toEqual([['a', 0.5]]);
    // Half the tabs go away mid-stream; the rest keep getting every message.
    for (const t of tabs.slice(0, 10)) t.close();
    live.emit({ event: 'queued', name: 'a', file: 'exp/a.yaml' });
    live.emit({ event: 'started', name: 'a', file: 'exp/a.yaml', results_dir: '/nowhere' });
    for (let e = 1; e <= 5; e++) live.emit({ event: 'epoch', name: 'a', epoch: e, epochs: 5, metrics: { loss: 1 / e } });
    await until(() => tabs.slice(10).every((t) => t.messages.filter((m) => m.type === 'epoch').length === 5), 'epochs');
    await until(() => live.server.clients() === 10, 'closed tabs dropped');
    const late = await listen(live.url);
    await until(() => late.messages.length >= 1, 'late snapshot');
    const caught = JSON.parse(late.messages[0]!.data) as { runs: { status: string; epoch: number; history: unknown[] }[] };
    expect(caught.runs[0]).toMatchObject({ status: 'training', epoch: 5 });
    expect(caught.runs[0]!.history).toHaveLength(5);
    for (const t of [...tabs, late]) t.close();
  });

  it('shows an invalid file\'s issues, marks its runs, and clears them when it is valid again', async () => {
    const { live } = await serveTemp();
    live.emit({ event: 'queued', name: 'a', file: 'exp/a.yaml' });
    live.emit({ event: 'invalid', file: 'exp/a.yaml', issues: [{ code: 'unknown-key', severity: 'error', path: 'fit.epoch', message: 'bad key', file: 'exp/a.yaml', line: 7, column: 3 }] });
    let snap = live.state.snapshot();
    expect(snap.invalid).toEqual([{ file: 'exp/a.yaml', texts: ['exp/a.yaml:7: bad key'], lines: [7] }]);
    expect(snap.runs[0]).toMatchObject({ stale: true });
    live.emit({ event: 'validated', file: 'exp/a.yaml' });
    snap = live.state.snapshot();
    expect([snap.invalid, snap.runs[0]!.stale]).toEqual([[], false]);
  });
});

describe('watch --serve: memory', () => {
  it('stays flat over 100 reruns with a page open (heap after gc, open streams, listeners)', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'test/fixtures/serve-memory.mjs'), tempDir('serve-mem')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    const m = JSON.parse(r.stdout) as { heapAt10: number; heapAt100: number; clients: number; listeners: number[]; rows: number; received: number };
    expect(m.clients).toBe(1);
    // Every rerun's epochs reached the open page.
    expect(m.received).toBe(100 * 50);
    // One run's history, not a hundred.
    expect(m.rows).toBe(50);
    expect(new Set(m.listeners).size).toBe(1);
    expect(m.heapAt100 - m.heapAt10).toBeLessThan(2 * 1024 * 1024);
  });
});
