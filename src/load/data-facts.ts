/**
 * Learns what the data looks like (feature width, classes) without training:
 * a generator draws two rows; a file is read through the host and parsed.
 */
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { generators } from '../registry/generators/index.js';
import { makeRng } from '../data/rng.js';
import { DataError, parseTable, tableToRaw } from '../data/table.js';
import type { RawData } from '../data/types.js';
import { defaults } from '../registry/entry.js';
import type { TProperties } from '@sinclair/typebox';
import { unreadableMessage, type SourceHost } from './host.js';
import { DEFAULTS } from '../schema/experiment.js';

export interface DataFile {
  /** As written in the experiment, relative to its YAML file. */
  path: string;
  abs: string;
  bytes: Uint8Array;
}

export type DataRead =
  | { ok: true; raw: RawData; file?: DataFile }
  | {
    ok: false; code: 'data-missing' | 'data-invalid' | 'data-column' | 'data-outside' | 'data-not-a-file' | 'file-too-large';
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

/** Decodes a data file's bytes; invalid UTF-8 is an error at its line, not a label of U+FFFD. */
function decodeText(bytes: Uint8Array, written: string): string | Failure {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder().decode(bytes);
    const line = text.slice(0, Math.max(0, text.indexOf('\uFFFD'))).split('\n').length;
    return { ok: false, code: 'data-invalid', message: `${written}:${line}: not valid UTF-8 text`, line };
  }
}

/** Reads a data spec's rows. `samples` overrides the generator's (the loader draws 2 to learn the shape). */
export function readData(
  spec: Record<string, unknown>, yamlFile: string, host: SourceHost, seed: number, stream: string, samples?: number, policy?: DataPolicy,
): DataRead {
  if (typeof spec.path === 'string') return readFile(spec, spec.path, resolve(dirname(yamlFile), spec.path), host, policy);
  const g = generators.get(spec.generator as string)!;
  const params = { ...defaults(g.params as TProperties, spec), samples: samples ?? spec.samples ?? DEFAULTS.samples };
  try {
    return { ok: true, raw: g.generate(makeRng(seed, stream), params) };
  } catch (e) {
    return { ok: false, code: 'data-invalid', message: `${g.name}: ${(e as Error).message}` };
  }
}

function readFile(spec: Record<string, unknown>, written: string, abs: string, host: SourceHost, policy: DataPolicy | undefined): DataRead {
  const outside = policy && outsideProblem(written, abs, policy);
  if (outside) return outside;
  const bytes = host.read(abs);
  if (!bytes) return unreadable(written, abs, host);
  const file = { path: written, abs, bytes };
  // `test: {path: ...}` under generator data inherits no target
  if (typeof spec.target !== 'string') return { ok: false, code: 'data-column', message: `${written}: no target column: set target`, file };
  const text = decodeText(bytes, written);
  if (typeof text !== 'string') return { ...text, file };
  try {
    const table = parseTable(text, formatOf(written));
    const raw = tableToRaw(table, {
      target: spec.target as string,
      features: (spec.features as string[] | null | undefined) ?? undefined,
      regression: spec.labels === 'value',
    });
    return { ok: true, raw, file };
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    const column = /column/.test(e.message) && /not found|both/.test(e.message);
    // Where the bad column name is written: the target, or the item of the features list.
    const named = /^(?:feature )?column ("(?:[^"\\]|\\.)*")/.exec(e.message);
    const idx = named ? ((spec.features as unknown[] | undefined) ?? []).indexOf(JSON.parse(named[1]!)) : -1;
    const at = !column ? undefined : /^target column/.test(e.message) ? ['target'] : idx >= 0 ? ['features', idx] : undefined;
    // the data file's own line, so the user can open it there
    const shown = e.line !== undefined ? `${written}:${e.line}` : written;
    return { ok: false, code: column ? 'data-column' : 'data-invalid', message: `${shown}: ${e.message}`, line: e.line, file, ...(at ? { at } : {}) };
  }
}

function unreadable(written: string, abs: string, host: SourceHost): Failure {
  const why = host.whyUnreadable?.(abs);
  if (!why || why.reason === 'missing') return { ok: false, code: 'data-missing', message: `data file not found: ${written}` };
  if (why.reason === 'too-large') return { ok: false, code: 'file-too-large', message: unreadableMessage(written, why), hint: 'use a smaller file (larger data files are not read yet)' };
  return { ok: false, code: 'data-not-a-file', message: unreadableMessage(written, why) };
}
