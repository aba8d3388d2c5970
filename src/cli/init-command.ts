/** `trainspec init`: writes a first experiment (from a data file, or the tutorial's). Core in src/init/. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, parseTable } from '../data/table.js';
import { experimentText } from '../init/from-table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TUTORIAL = join(ROOT, 'experiments', 'keras-seed-hinge.yaml');
const MAX_DATA = 256 * 1024 * 1024;
const rel = (from: string, to: string) => relative(dirname(resolve(from)), resolve(to)).split('\\').join('/');

export interface InitFlags { data?: string; target?: string; force?: boolean }

/** `trainspec init [FILE]`: its exit code. */
export function initCommand(file: string | undefined, flags: InitFlags): number {
  const fail = (msg: string) => {
    process.stderr.write(`trainspec init: ${msg}\n`);
    return 2;
  };
  if ((flags.data === undefined) !== (flags.target === undefined)) return fail('--data and --target go together');
  const name = flags.data ? basename(flags.data, extname(flags.data)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-') : 'keras-seed-hinge';
  const out = file ?? `${name}.yaml`;
  if (existsSync(out) && !flags.force) return fail(`${out} exists: not overwritten (pass --force to replace it)`);
  if (!flags.data) {
    const text = readFileSync(TUTORIAL, 'utf8').replace(/\$schema=\S+/, `$schema=${rel(out, join(ROOT, 'schema', 'experiment.schema.json'))}`);
    writeFileSync(out, text, { flag: flags.force ? 'w' : 'wx' });
    process.stdout.write(`wrote ${out} (the tutorial's experiment); trainspec run ${out}\n`);
    return 0;
  }
  const st = statSync(flags.data, { throwIfNoEntry: false });
  if (!st?.isFile()) return fail(`${flags.data}:1: data file not found`);
  if (st.size > MAX_DATA) return fail(`${flags.data}:1: larger than ${MAX_DATA} bytes`);
  let text: string;
  try {
    const table = parseTable(readFileSync(flags.data, 'utf8'), extname(flags.data).toLowerCase() === '.json' ? 'json' : 'csv');
    const testFile = flags.data.replace(/(\.[^./]+)$/, '-test$1');
    text = experimentText(table, {
      name, target: flags.target!, dataPath: rel(out, flags.data),
      ...(testFile !== flags.data && existsSync(testFile) ? { testPath: rel(out, testFile) } : {}),
      schemaPath: rel(out, join(ROOT, 'schema', 'experiment.schema.json')),
    });
  } catch (e) {
    if (e instanceof DataError) return fail(`${flags.data}:${e.line ?? 1}: ${e.message}`);
    if (e instanceof Error) return fail(`${flags.data}:1: ${e.message}`);
    throw e;
  }
  writeFileSync(out, text, { flag: flags.force ? 'w' : 'wx' });
  process.stdout.write(`wrote ${out}; trainspec validate ${out} && trainspec run ${out}\n`);
  return 0;
}
