/**
 * Checks that dotted paths (sweep keys, --set overrides) name something an
 * experiment has, with a did-you-mean from the keys at the level that failed.
 */
import { didYouMean } from './issues.js';
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

/** A did-you-mean for a segment missing from `parent` (none for an index: "did you mean 0?" helps nobody). */
const hintFor = (seg: string, parent: unknown) => (/^\d+$/.test(seg) ? undefined : didYouMean(seg, candidates(parent)));

/** A did-you-mean for the first segment of `path` that does not exist in `root`. */
export function missingHint(root: unknown, path: string): string | undefined {
  const r = resolvePath(root, path);
  return r.missing === null ? undefined : hintFor(path.split('.')[r.missing]!, r.parent);
}

/**
 * A path is fine when it exists in the resolved experiment (defaults filled
 * in), or when setting it on the written experiment passes the schema.
 */
export function checkPath(resolved: unknown, written: Record<string, unknown>, path: string, sample: unknown): PathProblem | null {
  const r = resolvePath(resolved, path);
  if (r.missing === null) return null;
  const set = setPath(written, path, sample);
  if ('error' in set) return { message: set.error, hint: set.at === r.missing ? hintFor(path.split('.')[r.missing]!, r.parent) : undefined };
  const noLocation: Locator = () => ({ file: '', line: 0, column: 0 });
  const segs = r.segs.map(String);
  const unknown = checkSchema(set.value, noLocation).find((i) => {
    if (i.code === 'unknown-key') return path.startsWith(i.path.split('.').slice(0, r.missing! + 1).join('.'));
    // An error on a proper ancestor (`compile.loss.type.x` turns the name into a map): the path runs into a value.
    const at = i.path === '' ? [] : i.path.split('.');
    return at.length > 0 && at.length < segs.length && at.every((s, k) => s === segs[k]);
  });
  if (!unknown) return null;
  const seg = path.split('.')[r.missing];
  const at = path.split('.').slice(0, r.missing).join('.') || 'the experiment';
  return { message: `"${path}" does not exist: no "${seg}" in ${at}`, hint: hintFor(seg!, r.parent) };
}

