/**
 * Checks that dotted paths (sweep keys, --set overrides) name something an
 * experiment has, with a did-you-mean from the keys at the level that failed.
 */
import { didYouMean, type PathSeg } from './issues.js';
import { resolvePath, setPath } from './paths.js';
import type { Locator } from './schema-check.js';
import { checkSchema } from './schema-check.js';

export interface PathProblem {
  message: string;
  hint?: string;
}

function candidates(parent: unknown): string[] {
  if (Array.isArray(parent)) {
    return parent.flatMap((item, i) => [String(i), ...(item && typeof item === 'object' && typeof item.name === 'string' ? [item.name] : [])]);
  }
  return parent && typeof parent === 'object' ? Object.keys(parent) : [];
}

/**
 * A path is fine when it exists in the resolved experiment (defaults filled
 * in), or when setting it on the written experiment passes the schema.
 */
export function checkPath(resolved: unknown, written: Record<string, unknown>, path: string, sample: unknown): PathProblem | null {
  const r = resolvePath(resolved, path);
  if (r.missing === null) return null;
  const set = setPath(written, path, sample);
  if ('error' in set) return { message: set.error };
  const noLocation: Locator = () => ({ file: '', line: 0, column: 0 });
  const unknown = checkSchema(set.value, noLocation).find((i) => i.code === 'unknown-key' && path.startsWith(i.path.split('.').slice(0, r.missing! + 1).join('.')));
  if (!unknown) return null;
  const seg = path.split('.')[r.missing];
  const at = path.split('.').slice(0, r.missing).join('.') || 'the experiment';
  return { message: `"${path}" does not exist: no "${seg}" in ${at}`, hint: didYouMean(seg!, candidates(r.parent)) };
}

export const pathSegs = (p: string): PathSeg[] => p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
