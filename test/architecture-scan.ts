/**
 * Reads src/ the way the compiler does, for the architecture test: every
 * import (static, re-export, dynamic) with its line, and every function's and
 * file's length. test/architecture.test.ts names each offender with its line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type TS from 'typescript';

/**
 * The compiler's parser, loaded with `require`: it is one 9 MB CommonJS file, and `import` would first scan it for
 * export names (~0.7 s of CPU, more than parsing all of src/ warm).
 */
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

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

/** Every module specifier in the file (import, export-from, import(), require), with the src/ file it names. */
export function importsOf(absFile: string): ImportRef[] {
  const text = readFileSync(absFile, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => {
    const line = text.slice(0, f.pos).split('\n').length;
    const target = f.fileName.startsWith('.') ? resolve(dirname(absFile), f.fileName) : null;
    return { file: relative(ROOT, absFile), line, spec: f.fileName, target };
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

const parsedFiles = new Map<string, TS.SourceFile>();
/**
 * The file's syntax tree, parsed once for all the checks. Its code only: JSDoc comments stay comments (no check reads
 * them; parsing them was a quarter of the parse), and nodes get no parent links (the walks pass the parent down).
 */
function parsed(abs: string): TS.SourceFile {
  let sf = parsedFiles.get(abs);
  const options = { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  if (!sf) parsedFiles.set(abs, (sf = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), options, false)));
  return sf;
}

function nameOf(node: TS.Node, parent: TS.Node | undefined, sf: TS.SourceFile): string {
  const named = node as TS.Node & { name?: TS.Node };
  if (named.name) return named.name.getText(sf);
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(sf);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  return '(anonymous)';
}

/** Every function, method and arrow function longer than `max` lines, outermost and nested alike. */
export function longFunctions(max: number): Length[] {
  return sourceFiles().flatMap((abs) => {
    const sf = parsed(abs);
    const found: Length[] = [];
    const visit = (node: TS.Node, parent?: TS.Node) => {
      if (ts.isFunctionLike(node) && (node as { body?: TS.Node }).body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > max) found.push({ file: relative(ROOT, abs), name: nameOf(node, parent, sf), line: start + 1, lines: end - start + 1 });
      }
      ts.forEachChild(node, (child) => visit(child, node));
    };
    visit(sf);
    return found;
  });
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

/** Identifier names the file's code uses (comments and strings are not code), each with how often. */
function identifiersOf(abs: string): Map<string, number> {
  const sf = parsed(abs);
  const seen = new Map<string, number>();
  const visit = (node: TS.Node) => {
    if (ts.isIdentifier(node)) seen.set(node.text, (seen.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return seen;
}

/** The functions, classes and constants `export`ed by a src/ file (types are not code). */
function exportedValues(abs: string): { name: string; line: number }[] {
  const sf = parsed(abs);
  const exported = (s: TS.Statement) => ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const line = (n: TS.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  return sf.statements.filter(exported).flatMap((s) => {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) return [{ name: s.name.text, line: line(s) }];
    if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [{ name: d.name.text, line: line(d) }] : []));
    return [];
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
