/**
 * Whether a results folder reflects its experiment now, read without tfjs,
 * locks or writes: `run` asks it before training, `show` to report it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readRunJson, resultsProblem } from './complete.js';

/** Up to date = a whole folder from the same inputs (hash), trained by the engine that would run now (engines differ in rounding). */
export function isUpToDate(dir: string, hash: string, engine: string): boolean {
  const earlier = readRunJson(dir);
  return earlier?.hash === hash && (earlier.engine ?? 'tfjs') === engine && resultsProblem(dir) === null;
}

/** The names of a killed write's leftovers beside `dir`: `.NAME.tmp-*` or `.NAME.old-*` (recovered under the lock). */
export function leftoversOf(dir: string): string[] {
  const prefix = `.${basename(dir)}.`;
  try {
    return readdirSync(dirname(dir)).filter((e) => e.startsWith(prefix) && /\.(tmp|old)-[0-9a-f-]+$/.test(e.slice(prefix.length - 1))).sort();
  } catch {
    return [];
  }
}

export const hasLeftovers = (dir: string): boolean => leftoversOf(dir).length > 0;

/** The final metrics of earlier results, or {} when there are none. */
export function readFinal(dir: string): Record<string, number | null> {
  try {
    return (JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { final: Record<string, number | null> }).final;
  } catch {
    return {};
  }
}
