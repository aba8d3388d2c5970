/**
 * Dotted paths into an experiment (`compile.optimizer`, `model.1.activation`,
 * `model.hidden.units` by a layer's name), shared by --set and sweeps.
 */
import { parse as parseYaml } from 'yaml';
import type { PathSeg } from './issues.js';

export const splitPath = (p: string): string[] => p.split('.');

/** Resolves one segment against a value: list items by index or by their `name`. */
function step(cur: unknown, seg: string): { key: PathSeg; exists: boolean } {
  if (Array.isArray(cur)) {
    if (/^\d+$/.test(seg)) return { key: Number(seg), exists: Number(seg) < cur.length };
    const idx = cur.findIndex((item) => item && typeof item === 'object' && (item as { name?: unknown }).name === seg);
    return idx >= 0 ? { key: idx, exists: true } : { key: seg, exists: false };
  }
  if (cur && typeof cur === 'object') return { key: seg, exists: Object.prototype.hasOwnProperty.call(cur, seg) };
  return { key: seg, exists: false };
}

/** The path with list names replaced by indexes, as far as it resolves; `missing` is the first segment that does not exist. */
export function resolvePath(root: unknown, path: string): { segs: PathSeg[]; missing: number | null; parent: unknown } {
  const parts = splitPath(path);
  const segs: PathSeg[] = [];
  let cur: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const { key, exists } = step(cur, parts[i]!);
    segs.push(key);
    if (!exists) return { segs: [...segs, ...parts.slice(i + 1)], missing: i, parent: cur };
    cur = (cur as Record<PathSeg, unknown>)[key];
  }
  return { segs, missing: null, parent: undefined };
}

export function getPath(root: unknown, segs: readonly PathSeg[]): unknown {
  let cur: unknown = root;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = (cur as Record<PathSeg, unknown>)[s];
  }
  return cur;
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Returns a copy of `root` with `value` at `path`. Missing map keys are
 * created; a name where a map is needed (`optimizer: adam` under
 * `compile.optimizer.learning_rate`) becomes `{type: adam}`, as Keras's
 * string-or-config style implies. Returns an error string for list indexes
 * out of range and scalars in the way.
 */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): { value: Record<string, unknown> } | { error: string; at: number } {
  const out = clone(root);
  const parts = splitPath(path);
  let cur: unknown = out;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const { key, exists } = step(cur, parts[i]!);
    if (Array.isArray(cur) && typeof key !== 'number') return { error: `no item named "${parts[i]}" in ${parts.slice(0, i).join('.') || 'the file'}`, at: i };
    if (Array.isArray(cur) && !exists && !(last && key === cur.length)) {
      return { error: `${parts.slice(0, i).join('.')} has ${cur.length} items; index ${key} is out of range`, at: i };
    }
    const obj = cur as Record<PathSeg, unknown>;
    // Own properties only, defined rather than assigned: `__proto__.x` must not reach Object.prototype.
    const put = (v: unknown) => (Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true }), v);
    if (last) {
      put(clone(value));
      break;
    }
    let next = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
    if (next === undefined || next === null) next = put({});
    else if (typeof next === 'string') next = put({ type: next });
    else if (typeof next !== 'object') return { error: `${parts.slice(0, i + 1).join('.')} is a ${typeof next}, not a map`, at: i + 1 };
    cur = next;
  }
  return { value: out };
}

/** `path=value` with the value read as a YAML 1.2 scalar (or flow list/map). */
export function parseAssignment(arg: string): { path: string; value: unknown } | { error: string } {
  const eq = arg.indexOf('=');
  if (eq <= 0) return { error: `expected path=value, got "${arg}"` };
  const path = arg.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/.test(path)) return { error: `"${path}" is not a dotted path` };
  try {
    return { path, value: parseYaml(arg.slice(eq + 1), { version: '1.2', schema: 'core' }) ?? null };
  } catch (e) {
    return { error: `cannot read the value of ${path}: ${(e as Error).message.split('\n')[0]}` };
  }
}
