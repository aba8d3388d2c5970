/** `trainspec compare [REV]` and `trainspec compare DIR_A DIR_B`: final metrics old → new. */
import { existsSync, statSync } from 'node:fs';
import { diffMetrics, formatChange, type DiffRow } from '../compare/diff.js';
import { GitError, readFolder, readRevision, type MetricsSet } from '../compare/sources.js';
import { markdownTable, textTable } from './table.js';

interface CompareFlags {
  all?: boolean;
  md?: boolean;
  json?: boolean;
  results: string;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const show = (v: number | string | null) => (v === null ? '' : String(v));

export function renderDiff(rows: DiffRow[], flags: { all?: boolean; md?: boolean; json?: boolean }): string {
  const shown = flags.all ? rows : rows.filter((r) => r.changed);
  if (flags.json) return `${JSON.stringify(shown, null, 2)}\n`;
  if (shown.length === 0) return 'no metrics changed\n';
  const header = ['experiment', 'metric', 'old', 'new', 'change'];
  const body = shown.map((r) => [r.experiment, r.metric, show(r.old), show(r.new), formatChange(r)]);
  return `${flags.md ? markdownTable(header, body) : textTable(header, body)}\n`;
}

export function compareCommand(args: string[], flags: CompareFlags): number {
  let oldSet: MetricsSet;
  let newSet: MetricsSet;
  try {
    if (args.length === 2 && isDir(args[0]!) && isDir(args[1]!)) {
      oldSet = readFolder(args[0]!);
      newSet = readFolder(args[1]!);
    } else if (args.length <= 1) {
      oldSet = readRevision(process.cwd(), args[0] ?? 'HEAD', flags.results);
      newSet = readFolder(flags.results);
    } else {
      process.stderr.write('trainspec compare: give a git revision, or two results folders\n');
      return 2;
    }
  } catch (e) {
    if (e instanceof GitError) {
      process.stderr.write(`trainspec compare: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  process.stdout.write(renderDiff(diffMetrics(oldSet, newSet), flags));
  return 0;
}
