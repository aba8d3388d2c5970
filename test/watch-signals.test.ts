/** `trainspec watch` ends on SIGTERM as on Ctrl-C: the running training is cancelled, writes nothing, exit 0. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from './run-helpers.js';

const EXP = `data: {generator: uniform_sum, samples: 60}
model:
  - {type: dense, units: 4, activation: tanh}
  - {type: dense, units: 1, activation: tanh}
compile: {optimizer: adam, loss: hinge, metrics: [accuracy]}
fit: {epochs: 300000, batch_size: 16}
`;

describe('watch and SIGTERM', () => {
  it('cancels the running training and exits 0 without writing', async () => {
    const dir = tempDir('watch-term');
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp/a.yaml'), EXP);
    const child = spawn(process.execPath, [BIN, 'watch', 'exp', '--json', '--backend', 'cpu'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const first = !/"event":"epoch"/.test(stdout);
      stdout += d;
      if (first && /"event":"epoch"/.test(stdout)) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/"event":"epoch"/);
    expect(existsSync(join(dir, 'results/a'))).toBe(false);
  });
});
