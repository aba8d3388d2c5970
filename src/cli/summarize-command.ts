/** `trainspec summarize results/NAME`: rebuilds a sweep's summary from the point folders present (after shards). */
import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { isRunFolder } from '../results/target.js';
import { writeFilesAtomically } from '../results/write.js';
import { readPoints, summaryFiles } from '../sweep/summary.js';

export async function summarizeCommand(dir: string, flags: { rankBy?: string }): Promise<number> {
  const fail = (msg: string) => (process.stderr.write(`trainspec summarize: ${msg}\n`), 2);
  const abs = resolve(dir);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) return fail(`no such folder: ${dir}`);
  if (!st.isDirectory()) return fail(`${dir} is a file; give a sweep's results folder (results/NAME)`);
  if (isRunFolder(abs)) return fail(`${dir} holds a single run's results, not a sweep; give the sweep's folder (results/NAME, holding one folder per point)`);
  const problems: string[] = [];
  const points = readPoints(abs, undefined, (slug, problem) => problems.push(`${slug}: ${problem}`));
  for (const p of problems) process.stderr.write(`trainspec summarize: warning: skipped point ${p} (rerun the sweep to redo it)\n`);
  if (points.length === 0) return fail(`no sweep points under ${dir}`);
  const rankBy = flags.rankBy ?? (points.find((p) => typeof p.rank_by === 'string')?.rank_by as string | undefined);
  const files = await summaryFiles(basename(abs), points, rankBy);
  try {
    writeFilesAtomically(abs, files);
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message);
    throw e;
  }
  process.stdout.write(files['summary.md']!);
  return 0;
}
