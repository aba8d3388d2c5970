/** `trainspec show` output: a plain text table that diffs well, or a sorted-key JSON array. */
import { distance } from 'fastest-levenshtein';
import { sortKeys } from '../results/format.js';
import { metricOrder, num, textTable } from '../results/table.js';
import type { ShowRow } from './rows.js';

const freshCell = (r: ShowRow) => (r.up_to_date === true ? 'yes' : `${r.up_to_date === false ? 'no' : '?'} (${r.reason})`);
const epochsCell = (r: ShowRow) => (r.epochs === null && r.epochs_run === null ? '' : `${r.epochs_run ?? '-'}/${r.epochs ?? '?'}`);

/** One line per row: name, status, freshness, epochs run/asked, the final metrics, then the settings as the YAML names them (the model last: the widest). */
export function showTable(rows: readonly ShowRow[]): string {
  const cols = metricOrder(rows.flatMap((r) => Object.keys(r.metrics)));
  const header = ['experiment', 'status', 'up_to_date', 'epochs', ...cols, 'compile.optimizer', 'compile.loss', 'model'];
  return textTable(header, rows.map((r) => [r.name, r.status, freshCell(r), epochsCell(r), ...cols.map((c) => num(r.metrics[c])), r.optimizer, r.loss, r.model]));
}

export const showJson = (rows: readonly ShowRow[]) => `${JSON.stringify(sortKeys(rows), null, 2)}\n`;

export type Picked = { rows: ShowRow[] } | { unknown: string; close: string[]; names: string[] };

/** Names a user may give: every row's (a sweep's name picks its points too). */
const closeTo = (word: string, names: string[]) => {
  const limit = Math.max(2, Math.floor(word.length / 3));
  return names.map((n) => [n, distance(word, n)] as const).filter(([, d]) => d <= limit).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([n]) => n);
};

/** The rows `names` pick, exactly (a sweep with its points); the first unknown name with the close ones. */
export function pickRows(rows: readonly ShowRow[], names: readonly string[]): Picked {
  if (names.length === 0) return { rows: [...rows] };
  const all = rows.map((r) => r.name);
  const unknown = names.find((n) => !all.includes(n));
  if (unknown !== undefined) return { unknown, close: closeTo(unknown, all), names: all };
  const wanted = new Set(names);
  return { rows: rows.filter((r) => wanted.has(r.name) || (r.kind === 'point' && wanted.has(r.name.slice(0, r.name.lastIndexOf('/'))))) };
}
