/**
 * Reads src/ as the compiler would, for the architecture test: every import (static, re-export, dynamic, require) with
 * its line, every function's and file's length, every export and every identifier the code uses.
 * test/architecture.test.ts names each offender with its line. The syntax trees come from oxc's TypeScript parser
 * (rolldown's parseAst, the bundler's own): native, it parses src/ in a fifth of the time the compiler's parser takes,
 * which also had to be loaded (9 MB of JavaScript); test/architecture.test.ts checks the readings on a sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = join(ROOT, 'src');

/**
 * The layers, bottom first. A file may import its own layer's folder and any
 * layer below it; folders that share a rank may not import each other.
 * errors.ts and version.ts are leaf modules every layer may use.
 */
export const LAYERS: string[][] = [
  ['errors.ts', 'version.ts'],
  ['data'],
  ['registry'],
  ['schema'],
  ['load'],
  ['engine'],
  ['results'],
  ['compare', 'sweep', 'docs', 'predict', 'init'],
  // show reads results and asks sweep for a sweep's points; it trains nothing.
  ['show'],
  ['runner'],
  ['watch'],
  ['serve'],
  ['cli'],
  ['index.ts'],
];

/** `src/engine/fused/x.ts` -> `engine`; `src/index.ts` -> `index.ts`. */
export function unitOf(absFile: string): string {
  return relative(SRC, absFile).split(/[\\/]/)[0]!;
}

export function rankOf(unit: string): number {
  return LAYERS.findIndex((l) => l.includes(unit));
}

export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') ? [p] : [];
  }).sort();
}

export interface ImportRef { file: string; line: number; spec: string; target: string | null }

/** An ESTree node (oxc's TypeScript flavour): its type, its span (UTF-16 offsets) and its fields. */
type Node = { type: string; start: number; end: number } & Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string';

/** Calls `visit` on every node under `node`, each with its parent, in source order. */
function walk(node: Node, visit: (n: Node, parent: Node | undefined) => void, parent?: Node): void {
  visit(node, parent);
  for (const key in node) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) if (isNode(c)) walk(c, visit, node);
    if (isNode(v)) walk(v, visit, node);
  }
}

/** The string a module reference names: a string literal, or a template literal without substitutions. */
function specOf(n: unknown): { spec: string; pos: number } | null {
  if (!isNode(n)) return null;
  if (n.type === 'Literal' && typeof n.value === 'string') return { spec: n.value, pos: n.start };
  const quasis = n.quasis as { value: { cooked: string } }[] | undefined;
  if (n.type === 'TemplateLiteral' && quasis?.length === 1) return { spec: quasis[0]!.value.cooked, pos: n.start };
  return null;
}

/** The module a node refers to, if it is an import of any kind: import, export-from, import(), import type, require(). */
function moduleOf(n: Node): { spec: string; pos: number } | null {
  switch (n.type) {
    case 'ImportDeclaration': case 'ExportNamedDeclaration': case 'ExportAllDeclaration': case 'ImportExpression': case 'TSImportType':
      return specOf(n.source);
    case 'TSExternalModuleReference':
      return specOf(n.expression);
    case 'CallExpression': {
      const callee = n.callee as Node;
      const args = n.arguments as Node[];
      return callee.type === 'Identifier' && callee.name === 'require' && args.length === 1 ? specOf(args[0]) : null;
    }
    default:
      return null;
  }
}

/** Every module specifier in the file (import, export-from, import(), require), with the src/ file it names. */
export function importsOf(absFile: string): ImportRef[] {
  const p = parsed(absFile);
  const found: { spec: string; pos: number }[] = [];
  walk(p.program, (n) => {
    const m = moduleOf(n);
    if (m) found.push(m);
  });
  return found.sort((a, b) => a.pos - b.pos).map(({ spec, pos }) => {
    const line = lineOf(p, pos) + 1;
    const target = spec.startsWith('.') ? resolve(dirname(absFile), spec) : null;
    return { file: relative(ROOT, absFile), line, spec, target };
  });
}

/** Imports that climb: the target's layer is above the importer's, or a sibling folder of the same rank. */
export function upwardImports(): (ImportRef & { from: string; to: string })[] {
  return sourceFiles().flatMap((abs) => {
    const from = unitOf(abs);
    return importsOf(abs).flatMap((ref) => {
      if (!ref.target || !ref.target.startsWith(SRC)) return [];
      const to = unitOf(ref.target.replace(/\.js$/, '.ts'));
      if (to === from) return [];
      return rankOf(to) < rankOf(from) ? [] : [{ ...ref, from, to }];
    });
  });
}

export interface Length { file: string; name: string; line: number; lines: number }

interface Parsed { text: string; program: Node; lineStarts: number[] }
const parsedFiles = new Map<string, Parsed>();
/** The file's syntax tree, parsed once for all the checks, with where each of its lines starts. */
function parsed(abs: string): Parsed {
  let p = parsedFiles.get(abs);
  if (!p) {
    const text = readFileSync(abs, 'utf8');
    const program = parseAst(text, { lang: abs.endsWith('.ts') ? 'ts' : 'js' }) as unknown as Node;
    // Line breaks as the compiler counts them: CRLF, CR, LF, LS and PS.
    const lineStarts = [0, ...[...text.matchAll(/\r\n?|[\n\u2028\u2029]/g)].map((m) => m.index + m[0].length)];
    parsedFiles.set(abs, (p = { text, program, lineStarts }));
  }
  return p;
}

/** The 0-based line of an offset. */
function lineOf(p: Parsed, offset: number): number {
  let lo = 0;
  let hi = p.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A property or method key as written: `name`, `'text'`, `#private` or `[computed]`. */
function keyText(parent: Node, p: Parsed): string {
  const key = parent.key as Node;
  if (parent.computed) return p.text.slice(p.text.lastIndexOf('[', key.start), p.text.indexOf(']', key.end) + 1);
  if (key.type === 'PrivateIdentifier') return `#${key.name as string}`;
  return key.type === 'Identifier' ? (key.name as string) : p.text.slice(key.start, key.end);
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** A method's function (class or object literal): the method starts at its modifiers and name, not at its parameters. */
const isMethod = (fn: Node, parent: Node | undefined): boolean =>
  parent !== undefined && parent.value === fn && (parent.type === 'MethodDefinition' || (parent.type === 'Property' && (parent.method === true || parent.kind !== 'init')));

/** The function's name: its own, its method's or property's key, or the variable it initialises. */
function nameOf(fn: Node, parent: Node | undefined, p: Parsed): string {
  if (isMethod(fn, parent)) return parent!.kind === 'constructor' ? '(anonymous)' : keyText(parent!, p);
  const id = fn.id as Node | null | undefined;
  if (id) return id.name as string;
  if (parent?.type === 'VariableDeclarator' && parent.init === fn) {
    const target = parent.id as Node;
    return target.type === 'Identifier' ? (target.name as string) : p.text.slice(target.start, target.end);
  }
  if (parent?.type === 'Property' && parent.value === fn && !parent.shorthand) return keyText(parent, p);
  return '(anonymous)';
}

/** Where a function starts: at `export` for an exported declaration, at the modifiers of a method, else at itself. */
function startOf(fn: Node, parent: Node | undefined): number {
  if (isMethod(fn, parent)) return parent!.start;
  const exported = parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration';
  return exported && parent!.declaration === fn ? parent!.start : fn.start;
}

/** Every function, method and arrow function of a file with its length, outermost and nested alike. */
export function functionsOf(abs: string): Length[] {
  const p = parsed(abs);
  const found: Length[] = [];
  walk(p.program, (node, parent) => {
    if (!FUNCTIONS.has(node.type) || !node.body) return;
    const start = lineOf(p, startOf(node, parent));
    const end = lineOf(p, node.end);
    found.push({ file: relative(ROOT, abs), name: nameOf(node, parent, p), line: start + 1, lines: end - start + 1 });
  });
  return found;
}

/** Every function of src/ longer than `max` lines. */
export function longFunctions(max: number): Length[] {
  return sourceFiles().flatMap((abs) => functionsOf(abs).filter((f) => f.lines > max));
}

export function longFiles(max: number): Length[] {
  return sourceFiles().flatMap((abs) => {
    const lines = readFileSync(abs, 'utf8').replace(/\n$/, '').split('\n').length;
    return lines > max ? [{ file: relative(ROOT, abs), name: '', line: 1, lines }] : [];
  });
}

/** Files whose code runs outside the tests: src/, the bin, the build scripts, the page and the benchmarks. */
function productionFiles(): string[] {
  const scripts = (dir: string): string[] => readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(m?js|ts)$/.test(d.name) && !d.name.endsWith('.d.mts'))
    .map((d) => join(d.parentPath, d.name));
  return [...sourceFiles(), ...['bin', 'scripts', 'web', 'bench'].flatMap(scripts)].sort();
}

/**
 * Identifier names the file's code uses (comments and strings are not code), each with how often. ESTree writes some
 * identifiers twice (`{ a }`: the key and the value; `import { a }`: imported and local): each counts once, by where it
 * is. A constructor's key and `import` of `import.meta` are keywords to the compiler, not identifiers.
 */
export function identifiersOf(abs: string): Map<string, number> {
  const p = parsed(abs);
  const seen = new Map<string, number>();
  const at = new Set<number>();
  walk(p.program, (node, parent) => {
    if (node.type !== 'Identifier' || at.has(node.start)) return;
    if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor' && parent.key === node) return;
    if (parent?.type === 'MetaProperty' && parent.meta === node) return;
    at.add(node.start);
    const name = node.name as string;
    seen.set(name, (seen.get(name) ?? 0) + 1);
  });
  return seen;
}

/** The functions, classes and constants `export`ed by a src/ file (types are not code). */
export function exportedValues(abs: string): { name: string; line: number }[] {
  const p = parsed(abs);
  const line = (offset: number) => lineOf(p, offset) + 1;
  return (p.program.body as Node[]).flatMap((s) => {
    const d = s.declaration as Node | null | undefined;
    if ((s.type !== 'ExportNamedDeclaration' && s.type !== 'ExportDefaultDeclaration') || !isNode(d)) return [];
    const id = d.id as Node | null | undefined;
    if (['FunctionDeclaration', 'TSDeclareFunction', 'ClassDeclaration'].includes(d.type)) return id ? [{ name: id.name as string, line: line(s.start) }] : [];
    if (d.type !== 'VariableDeclaration') return [];
    return (d.declarations as Node[]).flatMap((v) => {
      const target = v.id as Node;
      return target.type === 'Identifier' ? [{ name: target.name as string, line: line(v.start) }] : [];
    });
  });
}

/**
 * Exports of src/ that no production code uses (its own file included): they exist for the tests alone. index.ts is
 * the library's API, used by its users.
 */
export function testOnlyExports(): { file: string; name: string; line: number }[] {
  const uses = productionFiles().map((f) => [f, identifiersOf(f)] as const);
  return sourceFiles().filter((f) => f !== join(SRC, 'index.ts')).flatMap((abs) => exportedValues(abs)
    .filter(({ name }) => uses.every(([f, ids]) => (ids.get(name) ?? 0) <= (f === abs ? 1 : 0)))
    .map((e) => ({ file: relative(ROOT, abs), ...e })));
}
