/**
 * `trainspec report`: the page's views of a results folder as one static HTML file, with
 * every script, style and value inlined (opens without a network, for CI artifacts).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { writeFilesAtomically } from '../results/write.js';
import { reportPage } from './assets.js';
import { scanResults } from './scan.js';

export interface ReportResult {
  file: string;
  runs: number;
  sweeps: number;
}

/** Builds the report of `results` into `out`; throws with a readable message when it cannot. */
export function writeReport(results: string, out: string): ReportResult {
  if (!existsSync(results) || !statSync(results).isDirectory()) throw new Error(`no such results folder: ${results}`);
  const { runs, sweeps } = scanResults(resolve(results));
  const html = reportPage({ title: `trainspec report: ${basename(resolve(results))}`, live: false, runs, sweeps, invalid: [] });
  const file = resolve(out);
  writeFilesAtomically(dirname(file), { [basename(file)]: html });
  return { file, runs: runs.length, sweeps: sweeps.length };
}

/** The command: prints where the report went; exit 2 when the results folder is missing or unwritable. */
export function reportCommand(results: string, out?: string): number {
  try {
    const r = writeReport(results, out ?? `${results}/index.html`);
    process.stdout.write(`wrote ${relative(process.cwd(), r.file) || r.file} (${r.runs} runs, ${r.sweeps} sweeps)\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`trainspec report: ${(e as Error).message}\n`);
    return 2;
  }
}
