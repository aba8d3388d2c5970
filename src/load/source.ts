/**
 * Reads one YAML file's text into a document that can answer "where is this
 * path?", reporting every reading problem as an issue with a position.
 * YAML 1.2 core schema: `1e-3` is a number, `no` is a string.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { issue, type Issue, type PathSeg } from './issues.js';
import { MAX_NESTING, tooDeepAt } from './yaml-depth.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_ALIASES = 100;

export interface Source {
  file: string;
  text: string;
  doc: Document.Parsed | null;
  lines: LineCounter;
  value: unknown;
}

const at = (file: string, lines: LineCounter, offset: number) => {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col };
};

/** Checks bytes before parsing: size, binary content, emptiness. */
function checkBytes(file: string, bytes: Uint8Array): Issue | undefined {
  const where = { file, line: 1, column: 1 };
  if (bytes.length > MAX_FILE_BYTES) return issue('file-too-large', where, `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES} (1 MiB)`);
  if (bytes.includes(0)) return issue('file-binary', where, 'file is binary, not YAML text');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return issue('file-binary', where, 'file is not valid UTF-8 text');
  }
  return undefined;
}

export function parseSource(file: string, bytes: Uint8Array): { source: Source | null; issues: Issue[] } {
  const bad = checkBytes(file, bytes);
  if (bad) return { source: null, issues: [bad] };
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const issues: Issue[] = [];
  // Line by line: a regex such as /^(\s*#.*\n?)*\s*$/ backtracks exponentially on a `#####` banner.
  if (text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) {
    return { source: null, issues: [issue('file-empty', { file, line: 1, column: 1 }, 'file is empty: an experiment needs at least data, model and compile')] };
  }
  // Bounded before parsing: the parser spends a node and ~8 us on every level (yaml-depth.ts).
  const deep = nestingIssue(file, text, lines);
  if (deep) return { source: { file, text, doc: null, lines, value: null }, issues: [deep] };
  const doc = parseDocument(text, { lineCounter: lines, version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false, strict: true });
  const seen = new Set<string>();
  const textLines = text.split('\n');
  for (const e of doc.errors) {
    // an error can repeat at one position (one per level of a stack overflow): report each position and message once
    const key = `${e.pos[0]}|${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = at(file, lines, e.pos[0]);
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // A tab in a line's indentation often surfaces as a bad-indent error: report it as the tab it is.
    const indent = /^[ \t]*/.exec(textLines[where.line - 1] ?? '')![0];
    if (e.code !== 'DUPLICATE_KEY' && e.code !== 'TAB_AS_INDENT' && indent.includes('\t')) {
      const tabAt = { file, line: where.line, column: indent.indexOf('\t') + 1 };
      if (!issues.some((i) => i.code === 'yaml-tab' && i.line === tabAt.line)) issues.push(issue('yaml-tab', tabAt, 'tabs are not allowed as indentation'));
      continue;
    }
    const code = e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : e.code === 'TAB_AS_INDENT' || /tab/i.test(e.message) ? 'yaml-tab' : 'yaml-syntax';
    issues.push(issue(code, where, message));
  }
  const keys = keyProblems(doc);
  issues.push(...keys.duplicate.map((off) => issue('yaml-duplicate-key', at(file, lines, off), 'Map keys must be unique')));
  issues.push(...keys.collection.map((off) => issue('yaml-complex-key', at(file, lines, off), 'a key must be a name, not a list or a map', 'an experiment\'s keys are names such as epochs or units')));
  let value: unknown = null;
  const cycle = issues.length === 0 ? aliasCycleAt(doc) : undefined;
  if (cycle !== undefined) issues.push(issue('yaml-alias-cycle', at(file, lines, cycle), 'an alias refers to the node that contains it (`x: &r [*r]`): the value would be infinite'));
  if (issues.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      // Point at the first alias: the expansion starts there.
      let off = 0;
      visit(doc, { Alias: (_, node) => { off = node.range?.[0] ?? 0; return visit.BREAK; } });
      const message = (e as Error).message;
      if (/alias/i.test(message)) issues.push(issue('yaml-alias-limit', at(file, lines, off), `too many alias expansions (limit ${MAX_ALIASES}): ${message}`));
      else issues.push(issue('yaml-syntax', at(file, lines, doc.contents?.range?.[0] ?? 0), `cannot read the document: ${message}`));
    }
    if (issues.length === 0 && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      const off = doc.contents?.range?.[0] ?? 0;
      issues.push(issue('not-a-map', at(file, lines, off), 'an experiment file must be a map of keys (data, model, compile, ...)'));
    }
  }
  return { source: { file, text, doc, lines, value }, issues };
}

/**
 * The issue of a file nested deeper than MAX_NESTING, at the first token too deep. `lines` gets every line start, as
 * the parser would have given it, since the file's Source keeps it.
 */
function nestingIssue(file: string, text: string, lines: LineCounter): Issue | undefined {
  const deep = tooDeepAt(text);
  if (deep === undefined) return undefined;
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const hint = 'an experiment nests a few levels: look for an unclosed bracket or runaway indentation';
  return issue('yaml-syntax', at(file, lines, deep), `nesting is deeper than ${MAX_NESTING} levels`, hint);
}

/**
 * Offsets of keys that repeat an earlier key of their map, and of keys that are lists or maps. The yaml library's own
 * duplicate check (uniqueKeys) compares each key with every earlier one: quadratic, 40 s for 32k keys; a set per map
 * is linear. A list or map as a key is never an experiment's, and yaml turns each into a string when it reads the
 * value: 50 keys nested 99 levels deep took ~1 s, a 1 MiB file of them minutes and 1.6 GB.
 */
function keyProblems(doc: Document.Parsed): { duplicate: number[]; collection: number[] } {
  const duplicate: number[] = [];
  const collection: number[] = [];
  visit(doc, {
    // one issue per such key, not one per level inside it
    Pair: (_, p) => {
      if (!isMap(p.key) && !isSeq(p.key)) return undefined;
      collection.push(p.key.range?.[0] ?? 0);
      return visit.SKIP;
    },
    Map: (_, map) => {
      const seen = new Set<string>();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const id = `${typeof p.key.value}:${String(p.key.value)}`;
        if (seen.has(id)) duplicate.push(p.key.range?.[0] ?? 0);
        seen.add(id);
      }
    },
  });
  return { duplicate, collection };
}

/** The offset of the first alias inside the node its anchor names (a self-containing value), or undefined. */
function aliasCycleAt(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Alias: (_, alias) => {
      const target = alias.resolve(doc) as Node | undefined;
      const [start, end] = [target?.range?.[0], target?.range?.[2]];
      const off = alias.range?.[0];
      if (start === undefined || end === undefined || off === undefined || off < start || off >= end) return undefined;
      found = off;
      return visit.BREAK;
    },
  });
  return found;
}

/** Each map's pairs by key, built once: `locate` runs once per issue, and a linear scan per issue is quadratic. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairOf(map: YAMLMap, seg: PathSeg): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index.get(String(seg));
}

/**
 * The position of `path` in the source: the key of a map entry (so "unknown
 * key" points at the key), or the item of a list. Falls back to the deepest
 * existing ancestor. Returns undefined when not even the first segment exists.
 */
export function locate(
  src: Source,
  path: readonly PathSeg[],
  prefer: 'key' | 'value' = 'key',
): { line: number; column: number; exact: boolean } | undefined {
  if (!src.doc) return undefined;
  let matched = 0;
  let node: Node | null | undefined = src.doc.contents as Node | null;
  let best: number | undefined = path.length === 0 ? node?.range?.[0] : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(node as YAMLMap, seg);
      if (!pair) break;
      const keyOff = (pair.key as Node).range?.[0];
      const valOff = (pair.value as Node | null)?.range?.[0];
      best = last && prefer === 'value' && valOff !== undefined ? valOff : keyOff;
      node = pair.value as Node | null;
      matched++;
    } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
      const item = (node as { items: unknown[] }).items[Number(seg)] as Node | undefined;
      if (!item) break;
      best = item.range?.[0];
      node = item;
      matched++;
    } else break;
  }
  if (best === undefined) return undefined;
  const { line, col } = src.lines.linePos(best);
  return { line, column: col, exact: matched === path.length };
}
