/**
 * Follows `extends:` from a file to its bases, merging as Hydra and DVC users
 * expect: maps merge deeply, lists and scalars of the child replace the base's.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { unreadableMessage, type SourceHost } from './host.js';
import { issue, type Issue } from './issues.js';
import { locate, MAX_FILE_BYTES, parseSource, type Source } from './source.js';

export interface Chain {
  /** The file first, then its base, then the base's base. */
  sources: Source[];
  merged: Record<string, unknown> | null;
  issues: Issue[];
}

const isMapValue = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Merges `over` into `base`. A name in the base where the child writes a map
 * without `type` (`optimizer: adam` then `optimizer: {learning_rate: 0.01}`)
 * is read as `{type: name}`, as --set does.
 */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    let b = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    if (typeof b === 'string' && isMapValue(v) && !('type' in v)) b = { type: b };
    // defined, not assigned: a `__proto__` key stays a key (reported as unknown) instead of becoming the prototype
    Object.defineProperty(out, k, { value: isMapValue(b) && isMapValue(v) ? deepMerge(b, v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A base's data file paths, which are relative to the base, made relative to the experiment file. */
function rebaseDataPaths(value: Record<string, unknown>, baseDir: string, childDir: string): Record<string, unknown> {
  const out = { ...value };
  for (const key of ['data', 'test']) {
    const d = out[key];
    if (isMapValue(d) && typeof d.path === 'string' && !isAbsolute(d.path)) {
      out[key] = { ...d, path: relative(childDir, resolve(baseDir, d.path)).split(sep).join('/') };
    }
  }
  return out;
}

/**
 * What a base gives the file that extends it: everything but its `name`, which
 * names the base's own results folder (the default is the file's own name).
 */
function baseValues(value: Record<string, unknown>, baseDir: string, childDir: string): Record<string, unknown> {
  const { name: _own, ...rest } = rebaseDataPaths(value, baseDir, childDir);
  return rest;
}

/** The issue for an experiment file (or base, when `from` names the file extending it) that could not be read. */
function unreadableIssue(abs: string, host: SourceHost, display: (abs: string) => string, from: Source | undefined): Issue {
  const why = host.whyUnreadable?.(abs);
  const shown = display(abs);
  if (why?.reason === 'too-large') {
    // the same words as an over-limit file that was read (source.ts)
    return issue('file-too-large', { file: shown, line: 1, column: 1 }, `file is ${why.size} bytes; the limit is ${MAX_FILE_BYTES} (1 MiB)`);
  }
  if (from) {
    const where = locate(from, ['extends'], 'value');
    const message = why && why.reason !== 'missing' ? `base ${unreadableMessage(shown, why)}` : `base file not found: ${shown}`;
    return issue('extends-missing', { file: from.file, line: where?.line ?? 1, column: where?.column ?? 1, path: 'extends' }, message);
  }
  return issue('file-missing', { file: shown, line: 0, column: 0 }, why && why.reason !== 'missing' ? unreadableMessage('the path', why) : 'file not found');
}

export function loadChain(file: string, host: SourceHost, display: (abs: string) => string): Chain {
  const sources: Source[] = [];
  const issues: Issue[] = [];
  const seen: string[] = [];
  let current = resolve(file);
  let from: { src: Source; } | null = null;
  const values: Record<string, unknown>[] = [];
  for (;;) {
    if (seen.includes(current)) {
      const where = from ? locate(from.src, ['extends'], 'value') : undefined;
      const cycle = [...seen.slice(seen.indexOf(current)), current].map(display).join(' → ');
      issues.push(issue('extends-cycle', { file: from!.src.file, line: where?.line ?? 1, column: where?.column ?? 1, path: 'extends' }, `extends cycle: ${cycle}`));
      break;
    }
    seen.push(current);
    const bytes = host.read(current);
    if (bytes === undefined) {
      issues.push(unreadableIssue(current, host, display, from?.src));
      break;
    }
    const parsed = parseSource(display(current), bytes);
    issues.push(...parsed.issues);
    if (!parsed.source || parsed.issues.length > 0) {
      if (parsed.source) sources.push(parsed.source);
      break;
    }
    sources.push(parsed.source);
    const value = parsed.source.value as Record<string, unknown>;
    values.push(sources.length > 1 ? baseValues(value, dirname(current), dirname(resolve(file))) : value);
    if (typeof value.extends !== 'string' || value.extends === '') break;
    from = { src: parsed.source };
    current = resolve(dirname(current), value.extends);
  }
  if (issues.some((i) => i.severity === 'error') && values.length === 0) return { sources, merged: null, issues };
  let merged: Record<string, unknown> = {};
  for (const v of [...values].reverse()) merged = deepMerge(merged, v);
  delete merged.extends;
  if (values[0] && 'extends' in values[0]) merged.extends = values[0].extends;
  return { sources, merged: issues.length ? null : merged, issues };
}

/** Where a path of the merged experiment was written: the first file (child first) that has it exactly. */
export function locateInChain(sources: Source[], path: (string | number)[], prefer: 'key' | 'value' = 'key') {
  for (const src of sources) {
    const hit = locate(src, path, prefer);
    if (hit?.exact) return { file: src.file, line: hit.line, column: hit.column };
  }
  const first = sources[0];
  const hit = first ? locate(first, path, prefer) : undefined;
  return { file: first?.file ?? '', line: hit?.line ?? 1, column: hit?.column ?? 1 };
}
