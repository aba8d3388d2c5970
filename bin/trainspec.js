#!/usr/bin/env node
// The trainspec command, and the one place that ends the process. Runs the compiled code in ../dist
// (built by `npm ci` through the prepare script).
//
// - The exit code is set, and the process ends only once stdout and stderr have been handed to the
//   OS: on a pipe, Node queues what the pipe cannot take at once (64 KiB), and exiting earlier cuts it.
// - Anything unexpected (a rejected main(), an uncaught exception, an unhandled rejection, a failing
//   worker thread) is a bug: one line, a hint to report it, exit 70 (EX_SOFTWARE); the stack trace
//   only with TRAINSPEC_DEBUG=1. The guard is in place before the rest of trainspec loads.
// - Ctrl-C / SIGTERM: a command that can stop cleanly claims the first one (a run stops and writes
//   nothing; watch stops); otherwise, and at the second one, the process ends: 130 / 143, once the
//   output is out. A third one while output is still waiting (a reader that stopped reading) ends it at once.
import { existsSync, readFileSync } from 'node:fs';

const EX_SOFTWARE = 70;
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
let exiting = false;
let deliverInterrupt = () => false;

function exitAfterDrain(code) {
  process.exitCode = code;
  if (exiting) return;
  exiting = true;
  let left = 2;
  const done = () => {
    if (--left === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || stream.writableLength === 0) done();
    else stream.write('', done);
  }
}

function version() {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return '(unknown version)';
  }
}

let reported = false;
function internalError(err) {
  if (reported) return;
  reported = true;
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
  const debug = Boolean(process.env.TRAINSPEC_DEBUG);
  process.stderr.write(
    `trainspec: internal error: ${message}\n` +
      `This is a bug in trainspec ${version()}: please report it with the command you ran` +
      `${debug ? ' and this stack trace:' : ' and the stack trace that TRAINSPEC_DEBUG=1 prints.'}\n` +
      `${debug ? `${err instanceof Error && err.stack ? err.stack : String(err)}\n` : ''}`,
  );
  exiting = false;
  exitAfterDrain(EX_SOFTWARE);
}

process.on('uncaughtException', internalError);
process.on('unhandledRejection', internalError);

// The reader went away (`trainspec schema | head`): stop quietly, as a tool killed by SIGPIPE would (141).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code !== 'EPIPE') return internalError(err);
    exiting = true;
    process.exit(141);
  });
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    signals++;
    if (signals === 1 && deliverInterrupt(sig)) return;
    if (exiting && signals > 2) process.exit(process.exitCode);
    exitAfterDrain(SIGNAL_EXIT[sig]);
  });
}

try {
  // The bundled command line (scripts/bundle.mjs: a few large modules instead of ~380 small ones) when the build made it.
  const cli = await import(existsSync(new URL('../dist/bundle/cli.js', import.meta.url)) ? '../dist/bundle/cli.js' : '../dist/cli/main.js');
  deliverInterrupt = cli.deliverInterrupt;
  exitAfterDrain(await cli.main(process.argv));
} catch (err) {
  internalError(err);
}
