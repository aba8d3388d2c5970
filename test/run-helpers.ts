/**
 * Shared by the engine-* and run-* tests: experiments loaded from YAML text
 * through the real loader (on an in-memory host), and the CLI run in a child
 * process exactly as a user runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../src/load/issues.js';
import { memoryHost } from '../src/load/host.js';
import { loadExperiment, type LoadResult } from '../src/load/load.js';
import type { ResolvedExperiment } from '../src/load/resolve.js';
import type { DataFile } from '../src/load/data-facts.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin/trainspec.js');
export const BANNER = /looks like you are running TensorFlow\.js in Node\.js/i;

const VDIR = '/virtual';

export interface Loaded {
  x: ResolvedExperiment;
  source: { yamlFile: string; dataFiles: DataFile[] };
  result: LoadResult;
}

/** Loads an experiment from YAML text (data files alongside, by relative name); throws on errors. */
export function loadYaml(yaml: string, files: Record<string, string> = {}, name = 'exp'): Loaded {
  const abs = `${VDIR}/${name}.yaml`;
  const host = memoryHost({ [abs]: yaml, ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`${VDIR}/${k}`, v])) });
  const result = loadExperiment(abs, { host, cwd: VDIR });
  if (!result.experiment || hasErrors(result.issues)) {
    throw new Error(`experiment does not load:\n${result.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n')}\n---\n${yaml}`);
  }
  return { x: result.experiment, source: { yamlFile: result.abs, dataFiles: result.dataFiles }, result };
}

export { removeTempDirs, tempDir } from './temp-dirs.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A spawned child's whole stdout and stderr (as text) and how it ended. */
export function collect(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `trainspec ARGS` in a new process (non-TTY, so progress comes as plain lines on stderr). */
export function cli(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  return collect(spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }));
}

/** Every file under `dir` (relative paths, sorted) with its bytes. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * How `after` differs from `before` (two snapshot()s): each path added, removed or with other bytes, sorted; [] when
 * every file is the same, byte for byte. `expect(changedFiles(before, snapshot(dir))).toEqual([])` is as strict as
 * toEqual on the two Maps, names what differs when it fails, and costs a Buffer.equals per file (toEqual walks every
 * byte through vitest's generic equality: ~0.3 s for a small results folder).
 */
export function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [path, bytes] of before) {
    const now = after.get(path);
    if (!now) out.push(`${path}: removed`);
    else if (!now.equals(bytes)) out.push(`${path}: changed (${bytes.length} -> ${now.length} bytes, first difference at byte ${firstDifference(bytes, now)})`);
  }
  for (const path of after.keys()) if (!before.has(path)) out.push(`${path}: added`);
  return out.sort();
}

function firstDifference(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
