/** `trainspec compare [REV]` and `trainspec compare DIR_A DIR_B`: final metrics old → new. */
import { existsSync, statSync } from 'node:fs';
import { diffMetrics, formatChange, type DiffRow } from '../compare/diff.js';
import { GitError, readFolder, readRevision, type MetricsSet } from '../compare/sources.js';
import { diffSettings, type SettingRow } from '../compare/settings.js';
import { markdownTable, textTable } from '../results/table.js';

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

/** The "changed settings" section: what differs in run.json's resolved experiment. */
export function renderSettings(rows: SettingRow[], md?: boolean): string {
  if (rows.length === 0) return '';
  const header = ['experiment', 'setting', 'old', 'new'];
  const body = rows.map((r) => [r.experiment, r.setting, r.old ?? '—', r.new ?? '—']);
  return `\nchanged settings\n${md ? markdownTable(header, body) : textTable(header, body)}\n`;
}

/** A git failure as the user's situation: no repository, no commit yet, or a bad revision. */
function gitProblem(e: GitError, rev: string | undefined): string {
  if (/not a git repository/i.test(e.message)) {
    return 'not in a git repository: give two results folders (trainspec compare results/a results/b)';
  }
  if (rev === undefined && /unknown git revision "HEAD"/.test(e.message)) {
    return 'no commit yet to compare with: commit your results first (git add results && git commit), or give two results folders';
  }
  return e.message;
}

export function compareCommand(args: string[], flags: CompareFlags): number {
  const fail = (msg: string) => (process.stderr.write(`trainspec compare: ${msg}\n`), 2);
  let oldSet: MetricsSet;
  let newSet: MetricsSet;
  try {
    if (args.length === 2) {
      const missing = args.filter((a) => !isDir(a));
      if (missing.length) return fail(`no such results folder: ${missing.join(', ')} (give two results folders, or one git revision)`);
      oldSet = readFolder(args[0]!);
      newSet = readFolder(args[1]!);
    } else if (args.length <= 1) {
      oldSet = readRevision(process.cwd(), args[0] ?? 'HEAD', flags.results);
      newSet = readFolder(flags.results);
    } else {
      return fail('give a git revision, or two results folders');
    }
  } catch (e) {
    if (e instanceof GitError) return fail(gitProblem(e, args[0]));
    throw e;
  }
  process.stdout.write(renderDiff(diffMetrics(oldSet, newSet), flags));
  if (!flags.json) process.stdout.write(renderSettings(diffSettings(oldSet, newSet), flags.md));
  return 0;
}
