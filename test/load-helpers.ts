/** Shared by the test/load-*.test.ts files: load from fixtures on disk or from in-memory files. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsHost } from '../src/load/fs-host.js';
import { memoryHost } from '../src/load/host.js';
import type { Issue } from '../src/load/issues.js';
import { loadExperiment, type LoadResult } from '../src/load/load.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Loads `name` from test/fixtures/<dir>/, with file names shown relative to that folder. */
export function loadFixture(dir: 'valid' | 'invalid', name: string, overrides: string[] = []): LoadResult {
  return loadExperiment(name, { host: fsHost, cwd: join(FIXTURES, dir), overrides });
}

/** A small valid experiment (hinge, tanh, ±1 labels from the generator), to vary in tests. */
export const BASE = `data:
  generator: uniform_sum
  features: 5
model:
  - type: dense
    name: hidden
    units: 8
    activation: tanh
  - type: dense
    name: out
    units: 1
    activation: tanh
compile:
  optimizer: adam
  loss: hinge
  metrics: [accuracy]
fit:
  epochs: 10
`;

/** Loads `entry` (default exp.yaml) from in-memory files under /mem; issues name files relative to /mem. */
export function loadText(files: Record<string, string | Uint8Array> | string, overrides: string[] = [], entry = 'exp.yaml'): LoadResult {
  const all = typeof files === 'string' ? { [entry]: files } : files;
  const host = memoryHost(Object.fromEntries(Object.entries(all).map(([k, v]) => [`/mem/${k}`, v])));
  return loadExperiment(entry, { host, cwd: '/mem', overrides });
}

/** The issues as compact `file:line:col code` strings, for readable assertions. */
export const where = (issues: readonly Issue[]) => issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.code}`);

export const codes = (issues: readonly Issue[]) => issues.map((i) => i.code);

export const errors = (issues: readonly Issue[]) => issues.filter((i) => i.severity === 'error');
