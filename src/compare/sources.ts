/**
 * Where metrics to compare come from: a results folder in the work tree, or
 * the same folder as committed at a git revision, read from git objects
 * (ls-tree and cat-file; nothing is checked out).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/** Experiment (folder path under the results root) → its metrics.json, parsed. */
export type MetricsSet = Map<string, MetricsFile>;
export interface MetricsFile {
  final: Record<string, number | null>;
  status?: string;
  epochs_run?: number;
  /** run.json's resolved experiment, when the folder has one. */
  experiment?: unknown;
}

/** run.json's `experiment`, or undefined when absent or unreadable. */
function experimentIn(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as { experiment?: unknown }).experiment;
  } catch {
    return undefined;
  }
}

const experimentOf = (rel: string) => rel.replace(/\\/g, '/').replace(/\/?metrics\.json$/, '') || '.';

export function readFolder(root: string): MetricsSet {
  const out: MetricsSet = new Map();
  const walk = (dir: string) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name === 'metrics.json') {
        try {
          const runJson = join(dir, 'run.json');
          const experiment = experimentIn(existsSync(runJson) ? readFileSync(runJson, 'utf8') : undefined);
          out.set(experimentOf(relative(root, p)), { ...(JSON.parse(readFileSync(p, 'utf8')) as MetricsFile), ...(experiment === undefined ? {} : { experiment }) });
        } catch {
          /* a broken file is not a result */
        }
      }
    }
  };
  walk(root);
  return out;
}

export class GitError extends Error {}

const git = (cwd: string, args: string[]) => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n')[0];
    throw new GitError(msg || 'git failed');
  }
};

/** The metrics under `root` (relative to `cwd`) as committed at `rev`. */
export function readRevision(cwd: string, rev: string, root: string): MetricsSet {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch (e) {
    throw new GitError(`unknown git revision "${rev}"${(e as Error).message === 'git failed' ? '' : `: ${(e as Error).message}`}`);
  }
  const prefix = git(cwd, ['rev-parse', '--show-prefix']).trim();
  const base = posix.normalize(`${prefix}${relative(cwd, join(cwd, root)).replace(/\\/g, '/')}`).replace(/\/$/, '');
  if (base.startsWith('..')) throw new GitError(`${root} is outside the git repository`);
  const listing = git(cwd, ['ls-tree', '-r', '-z', '--full-tree', rev, '--', base]);
  const out: MetricsSet = new Map();
  const blobs = new Map<string, string>();
  for (const line of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
    if (m) blobs.set(m[2]!, m[1]!);
  }
  for (const [path, blob] of blobs) {
    if (!path.endsWith('/metrics.json')) continue;
    try {
      const runJson = blobs.get(path.replace(/metrics\.json$/, 'run.json'));
      const experiment = experimentIn(runJson ? git(cwd, ['cat-file', 'blob', runJson]) : undefined);
      out.set(experimentOf(path.slice(base.length + 1)), { ...(JSON.parse(git(cwd, ['cat-file', 'blob', blob])) as MetricsFile), ...(experiment === undefined ? {} : { experiment }) });
    } catch {
      /* skip unparsable */
    }
  }
  return out;
}
