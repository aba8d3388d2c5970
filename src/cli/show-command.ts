/** `trainspec show [NAME...]` (alias `ls`): every experiment under the results folder in one table (core in src/show/). */
import { existsSync, statSync } from 'node:fs';
import { experimentsByName } from '../show/experiments.js';
import { pickRows, showJson, showTable } from '../show/render.js';
import { showRows } from '../show/rows.js';

export interface ShowFlags {
  out: string;
  experiments?: string[];
  json?: boolean;
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

export function showCommand(names: string[], flags: ShowFlags): number {
  const fail = (msg: string) => (process.stderr.write(`trainspec show: ${msg}\n`), 2);
  const absent = (flags.experiments ?? []).filter((p) => !existsSync(p));
  if (absent.length) return fail(`--experiments: no such file or folder: ${absent.join(', ')}`);
  const st = statSync(flags.out, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) return fail(`--out ${flags.out} is a file, not a results folder`);
  const rows = st ? showRows(flags.out, experimentsByName(flags.experiments ?? [])) : [];
  const picked = pickRows(rows, names);
  if ('unknown' in picked) {
    const where = `no results named "${picked.unknown}" under ${flags.out}`;
    if (picked.close.length) return fail(`${where}; did you mean ${picked.close.map((n) => `"${n}"`).join(' or ')}?`);
    return fail(picked.names.length ? `${where} (there: ${quoted(picked.names.slice(0, 10))}${picked.names.length > 10 ? ', …' : ''})` : `${where}: it holds no results (trainspec run writes them)`);
  }
  if (flags.json) process.stdout.write(showJson(picked.rows));
  else if (picked.rows.length === 0) process.stderr.write(`trainspec show: no results under ${flags.out} (trainspec run writes them)\n`);
  else process.stdout.write(`${showTable(picked.rows)}\n`);
  return 0;
}
