/** The command-line side of the live page and the report: flags, refusals, what is written (in-process: cli-in-process.ts). */
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess as cli } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';
import { hostWarning } from '../src/serve/live.js';

describe('trainspec report', () => {
  it('writes one self-contained HTML file of a results folder, with no network reference', async () => {
    const dir = tempDir('report-cli');
    const out = join(dir, 'r.html');
    const r = await cli(['report', '--results', join(ROOT, 'examples/results'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*r\.html \(28 runs, 3 sweeps\)\n$/);
    const html = readFileSync(out, 'utf8');
    // Nothing loaded from elsewhere (uPlot's license comment names its home page; that loads nothing).
    expect(html).not.toMatch(/<script [^>]*src=|<link [^>]*href=|url\(\s*["']?https?:|(?:src|href)=["']?https?:/);
    expect(html).toContain('"name":"iris"');
    expect(html.match(/<\/script>/g)).toHaveLength(4);
  });

  it('a missing results folder is exit 2, with nothing written', async () => {
    const dir = tempDir('report-missing');
    const r = await cli(['report', '--results', 'nope'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, 'trainspec report: no such results folder: nope\n']);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});

describe('watch --serve flags', () => {
  it('a port that is not a number is a usage error (exit 2)', async () => {
    const r = await cli(['watch', '--serve', '--port', 'http']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a port is a whole number from 0 to 65535');
  });

  it('a port in use is exit 2 with what to do', async () => {
    const dir = tempDir('serve-busy');
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'a.yaml'), 'data: {generator: uniform_sum, samples: 20}\nmodel: [{type: dense, units: 1}]\ncompile: {optimizer: sgd, loss: mse}\nfit: {epochs: 1}\n');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = String((busy.address() as { port: number }).port);
    try {
      const r = await cli(['watch', 'exp', '--serve', '--port', port], { cwd: dir });
      expect([r.code, r.stderr]).toEqual([2, `trainspec watch: port ${port} is in use; pick another with --port N (0: any free port)\n`]);
    } finally {
      busy.close();
    }
  });

  it('--host other than loopback is warned about', () => {
    expect(hostWarning('127.0.0.1')).toBeNull();
    expect(hostWarning('localhost')).toBeNull();
    expect(hostWarning('0.0.0.0')).toMatch(/^--host 0\.0\.0\.0: .*readable by anyone .*no authentication/);
  });
});
