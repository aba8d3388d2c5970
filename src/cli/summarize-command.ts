/** `trainspec summarize results/NAME`: rebuilds a sweep's summary from the point folders present (after shards). */
import { basename, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { writeFilesAtomically } from '../results/write.js';
import { readPoints, summaryFiles } from '../sweep/summary.js';

export async function summarizeCommand(dir: string, flags: { rankBy?: string }): Promise<number> {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    process.stderr.write(`trainspec summarize: no such folder: ${dir}\n`);
    return 2;
  }
  const points = readPoints(abs);
  if (points.length === 0) {
    process.stderr.write(`trainspec summarize: no sweep points under ${dir}\n`);
    return 2;
  }
  const rankBy = flags.rankBy ?? (points.find((p) => typeof p.rank_by === 'string')?.rank_by as string | undefined);
  const files = await summaryFiles(basename(abs), points, rankBy);
  writeFilesAtomically(abs, files);
  process.stdout.write(files['summary.md']!);
  return 0;
}
