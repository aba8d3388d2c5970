/**
 * Whether a results folder is whole: every file a run writes is present and
 * readable (JSON parses, weights.bin holds exactly the bytes its manifest
 * lists). A run is up to date only over a whole folder; a folder with a file
 * deleted or corrupted is trained again.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file record.ts writes into a results folder. */
export const RESULT_FILES = ['metrics.json', 'history.csv', 'run.json', 'preprocessing.json', 'model/model.json', 'model/weights.bin', 'curves.svg'] as const;

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** run.json of an earlier run, or null. */
export function readRunJson(dir: string): { hash?: string; engine?: string } | null {
  const run = readJson(join(dir, 'run.json'));
  return typeof run === 'object' && run !== null && !Array.isArray(run) ? (run as { hash?: string }) : null;
}

/** Bytes the weights manifest of model.json lists, or null when it cannot be read. */
function manifestBytes(modelJson: unknown): number | null {
  const groups = (modelJson as { weightsManifest?: { weights?: { shape?: number[]; dtype?: string }[] }[] } | undefined)?.weightsManifest;
  if (!Array.isArray(groups)) return null;
  let total = 0;
  for (const g of groups) {
    for (const w of g.weights ?? []) {
      const size = DTYPE_BYTES[w.dtype ?? 'float32'];
      if (size === undefined || !Array.isArray(w.shape)) return null;
      total += size * w.shape.reduce((a, b) => a * b, 1);
    }
  }
  return total;
}

/** The first thing wrong with a results folder, or null when it is whole. */
export function resultsProblem(dir: string): string | null {
  for (const f of RESULT_FILES) {
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (!st?.isFile()) return `${f} is missing`;
    if (st.size === 0 && f !== 'model/weights.bin') return `${f} is empty`;
  }
  for (const f of ['metrics.json', 'run.json', 'preprocessing.json', 'model/model.json']) if (readJson(join(dir, f)) === undefined) return `${f} does not parse`;
  const metrics = readJson(join(dir, 'metrics.json')) as { final?: unknown };
  if (typeof metrics?.final !== 'object' || metrics.final === null) return 'metrics.json has no final metrics';
  const want = manifestBytes(readJson(join(dir, 'model/model.json')));
  const got = statSync(join(dir, 'model/weights.bin')).size;
  if (want !== got) return `model/weights.bin holds ${got} bytes, its manifest lists ${want ?? 'unreadable'}`;
  return null;
}
