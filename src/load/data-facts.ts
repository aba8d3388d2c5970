/**
 * Learns what the data looks like (feature width, classes) without training:
 * a generator draws two rows; a file is read through the host and parsed.
 */
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { generators } from '../registry/generators/index.js';
import { makeRng } from '../data/rng.js';
import { factsOf, packRaw, type DataFacts, type NumericData } from '../data/numeric-data.js';
import { defaults } from '../registry/entry.js';
import type { TProperties } from '@sinclair/typebox';
import { readDataFile } from './data-file.js';
import { unreadableMessage, type SourceHost } from './host.js';
import { DEFAULTS } from '../schema/experiment.js';

export interface DataFile {
  /** As written in the experiment, relative to its YAML file. */
  path: string;
  abs: string;
  /** `sha256:` and the hex digest of the bytes read ('' when reading stopped at an error). */
  sha256: string;
  /** The bytes, kept only when the host had no streaming read (in-memory hosts); a run re-reads the file otherwise. */
  bytes?: Uint8Array;
}

export type DataRead =
  | { ok: true; facts: DataFacts; data?: NumericData; file?: DataFile }
  | {
    ok: false; code: 'data-missing' | 'data-invalid' | 'data-column' | 'data-outside' | 'data-not-a-file' | 'file-too-large' | 'memory-limit';
    message: string; hint?: string; line?: number; file?: DataFile; at?: (string | number)[];
  };

const formatOf = (p: string): 'csv' | 'json' => (extname(p).toLowerCase() === '.json' ? 'json' : 'csv');

/** Where data files may be: under the folder of a file of the experiment's extends chain, unless allowed outside. */
export interface DataPolicy {
  roots: readonly string[];
  allowOutside: boolean;
}

type Failure = Extract<DataRead, { ok: false }>;

/** A path from user input must not climb out of its folder: `..` and absolute paths elsewhere are refused. */
function outsideProblem(written: string, abs: string, policy: DataPolicy): Failure | undefined {
  if (policy.allowOutside) return undefined;
  const inside = policy.roots.some((root) => {
    const rel = relative(root, abs);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  });
  if (inside) return undefined;
  return {
    ok: false, code: 'data-outside', at: ['path'],
    message: `data path ${JSON.stringify(written)} leaves the experiment's folder`,
    hint: 'keep data files under the experiment\'s folder, or pass --allow-outside-data',
  };
}

/** Reads a data spec's rows. `samples` overrides the generator's (the loader draws 2 to learn the shape). */
export function readData(
  spec: Record<string, unknown>, yamlFile: string, host: SourceHost, seed: number, stream: string, samples?: number, policy?: DataPolicy, store = false,
): DataRead {
  if (typeof spec.path === 'string') return readFile(spec, spec.path, resolve(dirname(yamlFile), spec.path), host, policy, store);
  const g = generators.get(spec.generator as string)!;
  const params = { ...defaults(g.params as TProperties, spec), samples: samples ?? spec.samples ?? DEFAULTS.samples };
  try {
    const data = packRaw(g.generate(makeRng(seed, stream), params));
    return { ok: true, facts: factsOf(data), data };
  } catch (e) {
    return { ok: false, code: 'data-invalid', message: `${g.name}: ${(e as Error).message}` };
  }
}

function readFile(spec: Record<string, unknown>, written: string, abs: string, host: SourceHost, policy: DataPolicy | undefined, store: boolean): DataRead {
  const outside = policy && outsideProblem(written, abs, policy);
  if (outside) return outside;
  // `test: {path: ...}` under generator data inherits no target
  if (typeof spec.target !== 'string') {
    if (!(host.readChunks ? host.readChunks(abs) : host.read(abs))) return unreadable(written, abs, host);
    return { ok: false, code: 'data-column', message: `${written}: no target column: set target`, file: { path: written, abs, sha256: '' } };
  }
  const r = readDataFile(host, abs, written, formatOf(written), {
    target: spec.target,
    ...(Array.isArray(spec.features) ? { features: spec.features as string[] } : {}),
    regression: spec.labels === 'value',
  }, store);
  if (!r.ok && r.why === 'unreadable') return unreadable(written, abs, host);
  const file: DataFile = { path: written, abs, sha256: r.ok ? r.sha256 : '', ...(r.ok && r.bytes ? { bytes: r.bytes } : {}) };
  if (r.ok) return { ok: true, facts: r.facts, ...(r.data ? { data: r.data } : {}), file };
  if (r.why === 'too-large') return { ok: false, code: 'file-too-large', message: r.message, file };
  if (r.why === 'memory-limit') return { ok: false, code: 'memory-limit', message: r.message, hint: 'use fewer rows or feature columns, or a machine with more memory', file };
  if (r.why !== 'data') return { ok: false, code: 'data-invalid', message: r.message, line: r.line, file };
  const e = r.error;
  const column = /column/.test(e.message) && /not found|both/.test(e.message);
  // Where the bad column name is written: the target, or the item of the features list.
  const named = /^(?:feature )?column ("(?:[^"\\]|\\.)*")/.exec(e.message);
  const idx = named ? ((spec.features as unknown[] | undefined) ?? []).indexOf(JSON.parse(named[1]!)) : -1;
  const at = !column ? undefined : /^target column/.test(e.message) ? ['target'] : idx >= 0 ? ['features', idx] : undefined;
  // the data file's own line, so the user can open it there
  const shown = e.line !== undefined ? `${written}:${e.line}` : written;
  return { ok: false, code: column ? 'data-column' : 'data-invalid', message: `${shown}: ${e.message}`, line: e.line, file, ...(at ? { at } : {}) };
}

function unreadable(written: string, abs: string, host: SourceHost): Failure {
  const why = host.whyUnreadable?.(abs);
  if (!why || why.reason === 'missing') return { ok: false, code: 'data-missing', message: `data file not found: ${written}` };
  if (why.reason === 'too-large') return { ok: false, code: 'file-too-large', message: unreadableMessage(written, why), hint: 'save the data as CSV without quoted fields (streamed, no size limit), or use a smaller file' };
  return { ok: false, code: 'data-not-a-file', message: unreadableMessage(written, why) };
}
