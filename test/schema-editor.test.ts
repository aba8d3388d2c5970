/**
 * The published JSON Schema as its users meet it: yaml-language-server (the YAML
 * extension of VS Code and others), driven over LSP stdio on real files, and ajv
 * on the resolved experiment of every committed run.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedValidator, SCHEMA_FILE } from './published-schema.js';
import { ROOT, tempDir } from './run-helpers.js';

interface Diagnostic { message: string; range: { start: { line: number } } }

/** A yaml-language-server child process speaking LSP (Content-Length framed JSON-RPC). */
class YamlLs {
  private readonly child: ChildProcess;
  private buf = Buffer.alloc(0);
  private id = 0;
  private readonly waiting = new Map<number, (r: unknown) => void>();
  private readonly diagnostics = new Map<string, (d: Diagnostic[]) => void>();

  constructor() {
    const bin = createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');
    this.child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.stdout!.on('data', (d: Buffer) => this.onData(d));
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const head = this.buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString())![1]);
      if (this.buf.length < head + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(head + 4, head + 4 + len).toString()) as { id?: number; method?: string; params?: { uri: string; diagnostics: Diagnostic[] }; result?: unknown };
      this.buf = this.buf.subarray(head + 4 + len);
      if (msg.method === 'textDocument/publishDiagnostics') this.diagnostics.get(msg.params!.uri)?.(msg.params!.diagnostics);
      else if (msg.method && msg.id !== undefined) this.send({ id: msg.id, result: null }); // server → client requests
      else if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    }
  }

  private send(msg: Record<string, unknown>): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    this.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = ++this.id;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Opens a file and resolves with the diagnostics published for it. */
  diagnose(file: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(file).href;
    return new Promise((resolve) => {
      this.diagnostics.set(uri, resolve);
      this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

describe('schema/experiment.schema.json in yaml-language-server', () => {
  let ls: YamlLs;
  let dir: string;
  beforeAll(async () => {
    // A project laid out as the README says: experiments/ with the modeline pointing at ../schema.
    dir = tempDir('yamlls');
    mkdirSync(join(dir, 'experiments'));
    mkdirSync(join(dir, 'schema'));
    copyFileSync(SCHEMA_FILE, join(dir, 'schema/experiment.schema.json'));
    for (const f of readdirSync(join(ROOT, 'experiments'))) if (f.endsWith('.yaml')) copyFileSync(join(ROOT, 'experiments', f), join(dir, 'experiments', f));
    ls = new YamlLs();
    await ls.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    ls.notify('initialized', {});
    ls.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, schemaStore: { enable: false } } } });
  }, 30_000);
  afterAll(() => ls?.stop());

  it.each(['compare-losses.yaml', 'compare-optimizers.yaml', 'compare-activations.yaml', 'keras-seed-hinge.yaml', 'iris.yaml'])(
    'shows no problem in experiments/%s (files with extends included)',
    async (file) => {
      expect(await ls.diagnose(join(dir, 'experiments', file))).toEqual([]);
    },
    30_000,
  );

  it('still reports a misspelt name and a missing key in a file without extends', async () => {
    const file = join(dir, 'experiments', 'bad.yaml');
    writeFileSync(file, '# yaml-language-server: $schema=../schema/experiment.schema.json\nextend: x.yaml\nmodel: []\ncompile: {loss: hinge, optimizer: rsmprop}\n');
    const messages = (await ls.diagnose(file)).map((d) => d.message).join('\n');
    expect(messages).toMatch(/data/);
    expect(messages).toMatch(/extend/);
    expect(messages).toMatch(/rsmprop|Value is not accepted/);
  }, 30_000);

  it('reports a wrong value inside a file with extends', async () => {
    const file = join(dir, 'experiments', 'bad-child.yaml');
    writeFileSync(file, '# yaml-language-server: $schema=../schema/experiment.schema.json\nextends: keras-seed-hinge.yaml\nfit: {epochs: 0, batch_sise: 3}\n');
    const messages = (await ls.diagnose(file)).map((d) => d.message).join('\n');
    expect(messages).toMatch(/batch_sise/);
    expect(messages).toMatch(/minimum|1/);
    expect(messages).not.toMatch(/Missing property/);
  }, 30_000);
});

describe('the published schema and run.json', () => {
  const runJsons = (d: string): string[] =>
    readdirSync(d).flatMap((n) => {
      const p = join(d, n);
      return statSync(p).isDirectory() ? runJsons(p) : n === 'run.json' ? [p] : [];
    });
  const files = runJsons(join(ROOT, 'examples/results'));

  it('finds the committed results', () => expect(files.length).toBeGreaterThan(10));

  it("accepts every run.json's resolved experiment (nulls for none, test.features as a count)", () => {
    const validate = publishedValidator();
    for (const f of files) {
      const x = (JSON.parse(readFileSync(f, 'utf8')) as { experiment: unknown }).experiment;
      expect(validate(x), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
