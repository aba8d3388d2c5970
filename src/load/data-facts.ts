/**
 * Learns what the data looks like (feature width, classes) without training:
 * a generator draws two rows; a file is read through the host and parsed.
 */
import { dirname, extname, resolve } from 'node:path';
import { generators } from '../data/generators.js';
import { makeRng } from '../data/rng.js';
import { DataError, parseTable, tableToRaw } from '../data/table.js';
import type { RawData } from '../data/types.js';
import { defaults } from '../registry/entry.js';
import type { TProperties } from '@sinclair/typebox';
import type { SourceHost } from './host.js';

export interface DataFile {
  /** As written in the experiment, relative to its YAML file. */
  path: string;
  abs: string;
  bytes: Uint8Array;
}

export type DataRead =
  | { ok: true; raw: RawData; file?: DataFile }
  | { ok: false; code: 'data-missing' | 'data-invalid' | 'data-column'; message: string; line?: number; file?: DataFile; at?: (string | number)[] };

const formatOf = (p: string): 'csv' | 'json' => (extname(p).toLowerCase() === '.json' ? 'json' : 'csv');

/** Reads a data spec's rows. `samples` overrides the generator's (the loader draws 2 to learn the shape). */
export function readData(spec: Record<string, unknown>, yamlFile: string, host: SourceHost, seed: number, stream: string, samples?: number): DataRead {
  if (typeof spec.path === 'string') {
    const abs = resolve(dirname(yamlFile), spec.path);
    const bytes = host.read(abs);
    if (!bytes) return { ok: false, code: 'data-missing', message: `data file not found: ${spec.path}` };
    const file = { path: spec.path, abs, bytes };
    // `test: {path: ...}` under generator data inherits no target
    if (typeof spec.target !== 'string') return { ok: false, code: 'data-column', message: `${spec.path}: no target column: set target`, file };
    try {
      const table = parseTable(new TextDecoder().decode(bytes), formatOf(spec.path));
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
      return { ok: false, code: column ? 'data-column' : 'data-invalid', message: `${spec.path}: ${e.message}`, line: e.line, file, ...(at ? { at } : {}) };
    }
  }
  const g = generators.get(spec.generator as string)!;
  const params = { ...defaults(g.params as TProperties, spec), samples: samples ?? spec.samples ?? 250 };
  try {
    return { ok: true, raw: g.generate(makeRng(seed, stream), params) };
  } catch (e) {
    return { ok: false, code: 'data-invalid', message: `${g.name}: ${(e as Error).message}` };
  }
}
