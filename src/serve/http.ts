/**
 * The page's server (node:http, read-only): GET / is the page, /assets/* its files from the
 * package, /results/* the files of the results folder, /events the Server-Sent Events stream.
 * A request whose Host is not a local name is refused (a DNS-rebinding page cannot read it),
 * no path may climb out ("..", encoded or not), and no folder is ever listed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { realpathSync, statSync, createReadStream } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { asset, livePage } from './assets.js';
import type { Snapshot } from './model.js';
import type { Message } from './state.js';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
/** A tab that stops reading is dropped (it reconnects and catches up) rather than buffered without end. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml', '.json': 'application/json; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8', '.html': 'text/plain; charset=utf-8', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

export interface ServeOptions {
  host: string;
  port: number;
  out: string;
  title: string;
  snapshot: () => Snapshot;
}

export interface PageServer {
  url: string;
  broadcast(messages: Message[]): void;
  clients(): number;
  close(): Promise<void>;
  server: Server;
}

/** The hostname part of a Host header ("[::1]:8080" -> "[::1]"), lower-cased. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0]!;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  res.end(body);
}

/** The path's segments, decoded; null when one climbs out or cannot be decoded. */
function segments(raw: string): string[] | null {
  try {
    const parts = raw.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    return parts.some((p) => p === '..' || p === '.' || p.includes('/') || p.includes('\\') || p.includes('\0')) ? null : parts;
  } catch {
    return null;
  }
}

function serveResult(res: ServerResponse, out: string, parts: string[], head: boolean): void {
  let file: string;
  let root: string;
  try {
    root = realpathSync(out);
    file = realpathSync(join(out, ...parts));
  } catch {
    return send(res, 404, 'not found\n');
  }
  // A symbolic link in the results folder must not lead out of it.
  if (!file.startsWith(root + sep) || !statSync(file).isFile()) return send(res, 404, 'not found\n');
  const size = statSync(file).size;
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': size,
    'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store',
  });
  if (head) res.end();
  else createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

/** The open /events streams; a tab that stops reading is dropped rather than buffered without end. */
class Streams {
  readonly open = new Set<ServerResponse>();

  static frame(type: string, data: unknown): string {
    return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  add(req: IncomingMessage, res: ServerResponse, snapshot: Snapshot): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    this.open.add(res);
    // The whole picture first: a tab opened mid-run catches up, then follows the messages.
    res.write(`retry: 1000\n${Streams.frame('snapshot', snapshot)}`);
    const drop = () => this.open.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  write(text: string): void {
    for (const res of this.open) {
      if (res.writableLength > MAX_BUFFERED) {
        this.open.delete(res);
        res.destroy();
      } else res.write(text);
    }
  }

  end(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

function route(req: IncomingMessage, res: ServerResponse, o: ServeOptions, allowedHost: string, streams: Streams): void {
  const host = hostName(req.headers.host ?? '');
  if (!LOCAL_NAMES.has(host) && host !== allowedHost) return send(res, 403, 'forbidden: this server answers only to localhost names\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'read-only: only GET and HEAD\n');
  }
  const parts = segments((req.url ?? '/').split('?')[0]!);
  if (!parts) return send(res, 400, 'bad path\n');
  const head = req.method === 'HEAD';
  if (parts.length === 0) return send(res, 200, head ? '' : livePage(o.title), 'text/html; charset=utf-8');
  if (parts[0] === 'events' && parts.length === 1) return streams.add(req, res, o.snapshot());
  if (parts[0] === 'assets' && parts.length === 2) {
    const a = asset(parts[1]!);
    return a ? send(res, 200, head ? '' : a.body, a.type) : send(res, 404, 'not found\n');
  }
  if (parts[0] === 'results' && parts.length > 1) return serveResult(res, o.out, parts.slice(1), head);
  return send(res, 404, 'not found\n');
}

export function startServer(o: ServeOptions, allowedHost: string): Promise<PageServer> {
  const streams = new Streams();
  const server = createServer((req, res) => {
    try {
      route(req, res, o, allowedHost, streams);
    } catch {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    }
  });
  const beat = setInterval(() => streams.write(': keep-alive\n\n'), HEARTBEAT_MS);
  beat.unref();

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : o.port;
      const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host;
      resolve({
        url: `http://${shownHost}:${port}/`,
        server,
        clients: () => streams.open.size,
        broadcast(messages) {
          if (messages.length && streams.open.size) streams.write(messages.map((m) => Streams.frame(m.type, m)).join(''));
        },
        close() {
          clearInterval(beat);
          streams.end();
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
