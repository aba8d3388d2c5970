/// <reference lib="dom" />
/**
 * The live page in a real browser (Debian's chromium, driven by playwright-core): watch --serve on
 * a temporary folder, then edit, break and fix the experiment and see the page follow. Also the
 * static report of examples/results. Screenshots go to test-artifacts/ (git-ignored).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './run-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
// Skipped only where there is no chromium and this is not CI (CI installs it: .ci/run).
const runnable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!runnable) console.warn(`serve-browser: skipped, ${CHROMIUM} is missing (apt-get install chromium; CI=true makes its absence a failure)`);

// Enough rows that a run spans many frames: a run that ends within one frame never shows "training epoch k/N".
const exp = (epochs: number, extra = '') => `data: {generator: uniform_sum, samples: 20000}
model:
  - {type: dense, units: 8, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: ${epochs}, batch_size: 16, validation_split: 0.2${extra}}
`;

type Ev = { event: string; url?: string; name?: string };

/** `watch --json --serve --port 0` in `dir`; resolves with its URL once the first pass is done. */
function startWatch(dir: string): Promise<{ child: ChildProcess; url: string; events: Ev[] }> {
  const child = spawn(process.execPath, [BIN, 'watch', 'exp', '--json', '--serve', '--port', '0', '--backend', 'cpu'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Ev[] = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    let url = '';
    const t = setTimeout(() => reject(new Error(`watch did not start: ${JSON.stringify(events)}`)), 40_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const e = JSON.parse(buf.slice(0, i)) as Ev;
        buf = buf.slice(i + 1);
        events.push(e);
        if (e.event === 'serving') url = e.url!;
        if (e.event === 'finished' && url) {
          clearTimeout(t);
          resolve({ child, url, events });
        }
      }
    });
  });
}

let browser: Browser;
const pageErrors: string[] = [];
async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return page;
}

describe.runIf(runnable)('the page in a browser', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('watch --serve: final metrics; an edit trains live; an invalid edit shows its issue; a fix trains again', async () => {
    const dir = tempDir('serve-browser');
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'a.yaml'), exp(20));
    const w = await startWatch(dir);
    try {
      const page = await open(w.url);
      const card = page.locator('section.card[data-run="a"]');
      await expect.poll(() => card.locator('table.final tr[data-metric="accuracy"] td').textContent()).toMatch(/^0\.\d+|^1$/);
      await expect.poll(() => page.locator('#connection').textContent()).toBe('live');
      // Every status the card shows, in order (a MutationObserver sees each one, however fast).
      await page.evaluate(() => {
        const w = window as unknown as { statuses: string[] };
        w.statuses = [];
        new MutationObserver(() => {
          const s = document.querySelector('section.card[data-run="a"]')?.getAttribute('data-status');
          if (s && w.statuses.at(-1) !== s) w.statuses.push(s);
        }).observe(document.getElementById('app')!, { subtree: true, attributes: true, attributeFilter: ['data-status'], childList: true });
      });
      const statuses = () => page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
      const epochsAfter = (t: number) => page.evaluate((t0) => (window as unknown as { trainspecEpochLog: { at: number; epoch: number }[] }).trainspecEpochLog.filter((e) => e.at >= t0), t);

      const saved = Date.now();
      writeFileSync(join(dir, 'exp', 'a.yaml'), exp(60));
      await expect.poll(statuses, { timeout: 30_000 }).toContain('done');
      const seen = await statuses();
      expect(seen.some((s) => /^training epoch \d+\/60$/.test(s))).toBe(true);
      const points = await epochsAfter(saved);
      expect(points.map((p) => p.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(await card.getAttribute('data-points')).toBe('60');
      const latency = points[0]!.at - saved;
      console.log(`serve-browser: save -> first new point on the page: ${latency} ms`);
      writeFileSync(join(ARTIFACTS, 'latency.txt'), `save -> first new point on the page: ${latency} ms\n`);

      // An invalid edit: its issue with the line, and the last good results still shown.
      writeFileSync(join(dir, 'exp', 'a.yaml'), exp(60, ', epoch: 3'));
      const issue = page.locator('#issues .issue-file[data-file="exp/a.yaml"] pre.issue');
      await expect.poll(() => issue.first().getAttribute('data-line'), { timeout: 20_000 }).toBe('6');
      expect(await issue.first().textContent()).toMatch(/^exp\/a\.yaml:6:\d+: error: .*epoch/);
      expect(await issue.first().textContent()).toContain('6 | fit:');
      expect(await card.getAttribute('data-status')).toBe('invalid');
      expect(await card.locator('table.final tr[data-metric="accuracy"]').count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'watch-serve-invalid.png') });

      // The fix: the issue goes, and it trains again.
      await page.evaluate(() => ((window as unknown as { statuses: string[] }).statuses = []));
      const fixed = Date.now();
      writeFileSync(join(dir, 'exp', 'a.yaml'), exp(40));
      await expect.poll(statuses, { timeout: 30_000 }).toContain('done');
      expect((await statuses()).some((s) => /^training epoch \d+\/40$/.test(s))).toBe(true);
      expect((await epochsAfter(fixed)).length).toBe(40);
      expect(await page.locator('#issues .issue-file').count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'watch-serve.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      w.child.kill('SIGINT');
    }
  }, 120_000);

  it('trainspec report: one file that shows every example experiment, offline', async () => {
    const out = join(tempDir('report'), 'index.html');
    const r = spawnSync(process.execPath, [BIN, 'report', '--results', join(ROOT, 'examples/results'), '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const page = await open(`file://${out}`);
    // Any request but the file itself would be a network dependency.
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    await page.reload();
    const names = await page.locator('section.card').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.run ?? (c as HTMLElement).dataset.sweep));
    const expected = readdirSync(join(ROOT, 'examples/results'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(names).toEqual(expected);
    expect(requests).toEqual([`file://${out}`]);
    for (const sweep of ['compare-activations', 'compare-losses', 'compare-optimizers']) {
      expect(await page.locator(`section.card[data-sweep="${sweep}"] table.ranking tbody tr`).count()).toBeGreaterThan(3);
    }
    expect(await page.locator('section.card[data-run="iris"] .uplot').count()).toBeGreaterThan(1);
    expect(await page.locator('section.card[data-run="iris"]').textContent()).not.toMatch(/null|undefined|NaN/);
    expect(await page.locator('section.card[data-run="iris"] .u-legend').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
