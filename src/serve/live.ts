/**
 * `watch --serve`: the live page beside the watcher. Every watcher event updates the
 * server's picture and is pushed to every open tab; nothing the page sends can write or run.
 */
import { resolve } from 'node:path';
import type { Issue } from '../load/issues.js';
import type { Emit } from '../watch/events.js';
import { startServer, type PageServer } from './http.js';
import { LiveState } from './state.js';

export const DEFAULT_PORT = 8077;
export const DEFAULT_HOST = '127.0.0.1';

export interface LiveOptions {
  out: string;
  host?: string;
  port?: number;
  describe: (i: Issue) => string;
}

export interface LivePage {
  url: string;
  /** Feed the watcher's events here. */
  emit: Emit;
  state: LiveState;
  server: PageServer;
  close(): Promise<void>;
}

/** A host that is not a loopback address exposes the results to the network: say so. */
export function hostWarning(host: string): string | null {
  if (['127.0.0.1', 'localhost', '::1'].includes(host)) return null;
  return `--host ${host}: the page and every results file are readable by anyone who can reach this address (no authentication)`;
}

export async function startLive(o: LiveOptions): Promise<LivePage> {
  const out = resolve(o.out);
  const state = new LiveState({ out, title: 'trainspec watch', describe: o.describe });
  const host = o.host ?? DEFAULT_HOST;
  const server = await startServer({ host, port: o.port ?? DEFAULT_PORT, out, title: 'trainspec watch', snapshot: () => state.snapshot() }, host.toLowerCase());
  return {
    url: server.url, state, server,
    emit: (e) => server.broadcast(state.apply(e)),
    close: () => server.close(),
  };
}

/** Starts the page, or says in one line why it cannot (a port in use, an address not here). */
export async function startLiveOrSay(o: LiveOptions): Promise<LivePage | string> {
  try {
    return await startLive(o);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = `${o.host ?? DEFAULT_HOST}:${o.port ?? DEFAULT_PORT}`;
    if (err.code === 'EADDRINUSE') return `port ${o.port ?? DEFAULT_PORT} is in use; pick another with --port N (0: any free port)`;
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return `cannot listen on ${where}: no such address on this machine`;
    if (err.code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    return `cannot serve on ${where}: ${err.message}`;
  }
}

/** `--open`: the system's browser, if there is one; failing to start it is not an error. */
export function openInBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  import('node:child_process').then(({ spawn }) => {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  }).catch(() => undefined);
}
