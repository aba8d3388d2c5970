/**
 * `trainspec ARGS` run inside the test's own process: src/cli/main.ts's main(argv), with its output captured and the
 * working folder set as a child's would be. For tests about what a command prints, writes and exits with: no new
 * Node, no second load of the registries and tfjs per call (a spawned bin costs 0.6-1 s of CPU before it starts).
 * Tests about the process itself (signals, output drained before exit, pipes, exit 70 on a bug, the tfjs banner)
 * spawn bin/trainspec.js (run-helpers.ts cli()).
 *
 * Calls run one at a time (a queue): the working folder and the output streams belong to the whole process.
 * Something main() throws is rethrown (the test fails), where the bin would print "internal error" and exit 70.
 * `stdin` stands in for process.stdin during the call: its bytes come as a stream of `stdinPiece`-byte chunks, each
 * in its own turn of the event loop, as a pipe delivers them (a real pipe: spawn the bin, as predict-stdin does once).
 */
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import type { CliResult } from './run-helpers.js';

// Not run-helpers.ts's ROOT: importing it loads the experiment loader, which a command that needs none
// (compare, show, --help) would pay for in a one-file run.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type Write = typeof process.stdout.write;

let queue: Promise<unknown> = Promise.resolve();

/** Runs `trainspec ARGS` in this process (cwd: ROOT unless given), one call at a time. */
export function cliInProcess(args: string[], opts: { cwd?: string; stdin?: string | Buffer; stdinPiece?: number } = {}): Promise<CliResult> {
  const run = queue.then(() => withStdin(opts.stdin, opts.stdinPiece ?? 4000, () => runOnce(args, opts.cwd ?? ROOT)));
  queue = run.catch(() => undefined);
  return run;
}

/** Runs `body` with process.stdin replaced by a stream of `input`'s bytes (when given), then puts the real one back. */
async function withStdin<T>(input: string | Buffer | undefined, piece: number, body: () => Promise<T>): Promise<T> {
  if (input === undefined) return body();
  const bytes = Buffer.from(input);
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += piece) {
      await new Promise((next) => setImmediate(next));
      yield bytes.subarray(at, at + piece);
    }
  }
  const real = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, value: Readable.from(pieces(), { objectMode: false }) });
  try {
    return await body();
  } finally {
    Object.defineProperty(process, 'stdin', real);
  }
}

/** A stand-in for stream.write that keeps what is written (strings or bytes) and reports it written. */
function capture(into: string[]): Write {
  return ((chunk: string | Uint8Array, encOrCb?: unknown, cb?: unknown) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encOrCb === 'function' ? encOrCb : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as Write;
}

async function runOnce(args: string[], cwd: string): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const saved = { cwd: process.cwd(), out: process.stdout.write, err: process.stderr.write, noColor: process.env.NO_COLOR, outTty: process.stdout.isTTY, errTty: process.stderr.isTTY };
  process.chdir(cwd);
  process.env.NO_COLOR = '1';
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  // as a spawned child's pipes: no progress bar, no colour, whatever terminal the test runner has
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  try {
    const code = await main([process.execPath, 'trainspec', ...args]);
    return { code, signal: null, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.stdout.isTTY = saved.outTty;
    process.stderr.isTTY = saved.errTty;
    if (saved.noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved.noColor;
    process.chdir(saved.cwd);
  }
}
