/**
 * Every command's output arrives whole on a pipe: the CLI ends only once stdout and stderr have
 * drained (issue 9, defect 2: `trainspec schema | wc -c` gave 65536 of 121501 bytes). The reader
 * here starts reading late, as a slow consumer would, and must still get every byte that the same
 * command writes into a file.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './run-helpers.js';

interface Captured {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

const env = { ...process.env, NO_COLOR: '1' };

/**
 * Runs trainspec with one stream on a kernel pipe (the pipes of child_process are socket pairs, with
 * bigger buffers) that is full: `head` fills it with NUL bytes at the same time, and the reader starts
 * only once trainspec has exited, or after 5 s when trainspec is (rightly) waiting for the reader;
 * it drops the NULs (JSON and text have none).
 */
function throughPipe(args: string[], cwd: string, stream: 'stdout' | 'stderr'): Promise<Captured> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const redirect = stream === 'stdout' ? '2>/dev/null' : '2>&1 >/dev/null';
  const marker = join(tempDir('pipes-marker'), 'exited');
  const writer = `{ head -c 1048576 /dev/zero 2>/dev/null & ${quoted} ${redirect}; s=$?; touch '${marker}'; wait; exit $s; }`;
  const reader = `{ for i in $(seq 50); do [ -e '${marker}' ] && break; sleep 0.1; done; tr -d '\\000'; }`;
  const script = `${writer} | ${reader}; exit \${PIPESTATUS[0]}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const got = Buffer.concat(out);
      resolve({ code, stdout: stream === 'stdout' ? got : Buffer.alloc(0), stderr: stream === 'stderr' ? got : Buffer.alloc(0) });
    });
  });
}

/** Runs trainspec with stdout and stderr written to files. */
function intoFiles(args: string[], cwd: string, dir: string): Promise<Captured> {
  const [o, e] = [join(dir, 'out.txt'), join(dir, 'err.txt')];
  const fds = [openSync(o, 'w'), openSync(e, 'w')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', fds[0], fds[1]] });
    child.on('error', reject);
    child.on('close', (code) => {
      fds.forEach((fd) => closeSync(fd));
      resolve({ code, stdout: readFileSync(o), stderr: readFileSync(e) });
    });
  });
}

let dir: string;
const LONG = `name: long
seed: 3
data: { generator: uniform_sum, samples: 250, features: 5, labels: sign }
model: [{ type: dense, units: 20, activation: tanh }, { type: dense, units: 1, activation: tanh }]
compile: { optimizer: adam, loss: hinge, metrics: [accuracy] }
fit: { epochs: 1, batch_size: 32 }
`;

beforeAll(() => {
  dir = tempDir('pipes');
  writeFileSync(join(dir, 'long.yaml'), LONG);
  // 300 files with one issue each: `validate --json` prints about 100 KB.
  mkdirSync(join(dir, 'many'));
  for (let i = 1; i <= 300; i++) writeFileSync(join(dir, 'many', `e${i}.yaml`), LONG.replace('name: long', `name: long${i}\nepoch: 5`));
  // 1500 unknown keys: the error text on stderr is about 270 KB.
  writeFileSync(join(dir, 'bad.yaml'), `${LONG}${Array.from({ length: 1500 }, (_, i) => `unknown_key_${i}: ${i}\n`).join('')}`);
});

/** Same bytes on a slow pipe as in a file, and more than a pipe's 64 KiB buffer of them on `stream`. */
async function expectWhole(args: string[], stream: 'stdout' | 'stderr', code: number, min: number): Promise<void> {
  const file = await intoFiles(args, dir, tempDir('pipes-file'));
  expect(file.code, file.stderr.toString()).toBe(code);
  expect(file[stream].length).toBeGreaterThan(min);
  const piped = await throughPipe(args, dir, stream);
  expect(piped.code).toBe(code);
  expect(piped[stream].length).toBe(file[stream].length);
  expect(piped[stream].equals(file[stream])).toBe(true);
}

describe('output on pipes is complete', () => {
  it('trainspec schema (> 120 KB)', async () => {
    await expectWhole(['schema'], 'stdout', 0, 120_000);
    // Still valid JSON at its end.
    const piped = await throughPipe(['schema'], ROOT, 'stdout');
    expect(() => JSON.parse(piped.stdout.toString())).not.toThrow();
  });

  it('validate --json on 300 files', async () => {
    await expectWhole(['validate', '--json', 'many'], 'stdout', 2, 65_536);
  });

  it('run --dry-run of an 800-point sweep', async () => {
    const m = ['-m', 'compile.optimizer.learning_rate=0.1,0.01,0.001,0.0001,0.2,0.02,0.002,0.0002,0.3,0.03',
      '-m', 'fit.batch_size=8,16,32,64,128', '-m', 'seed=1,2,3,4,5,6,7,8', '-m', 'fit.shuffle=true,false'];
    await expectWhole(['run', '--dry-run', ...m, 'long.yaml'], 'stdout', 0, 65_536);
  });

  it('the error text of 1500 issues on stderr', async () => {
    await expectWhole(['validate', 'bad.yaml'], 'stderr', 2, 65_536);
  });
});
