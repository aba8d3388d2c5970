/** Prints issues as `file:line:col: error: message (hint)` with a short code frame. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Issue } from '../load/issues.js';

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}
const id = (s: string) => s;
export const plain: Style = { red: id, yellow: id, dim: id, bold: id };
export const ansi: Style = {
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

/** Frame lines longer than this are cut to a window around the column. */
const MAX_FRAME_WIDTH = 100;

/** A file's lines, split once per file (not once per issue: 32k issues on a 400 KB file were quadratic). */
export type FrameCache = Map<string, readonly string[] | string>;

function frame(all: readonly string[], line: number, column: number, style: Style): string {
  const start = Math.max(0, Math.min(column - 1 - MAX_FRAME_WIDTH / 2, (all[line - 1]?.length ?? 0) - MAX_FRAME_WIDTH));
  const cut = (l: string | undefined) => (l ?? '').slice(start, start + MAX_FRAME_WIDTH);
  column -= start;
  const from = Math.max(1, line - 1);
  const to = Math.min(all.length, line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const mark = n === line ? '>' : ' ';
    out.push(style.dim(`${mark} ${String(n).padStart(width)} | `) + cut(all[n - 1]));
    if (n === line) out.push(style.dim(`  ${' '.repeat(width)} | `) + ' '.repeat(Math.max(0, column - 1)) + style.red('^'));
  }
  return out.join('\n');
}

/** Splits a file's text into the lines frames show. */
export const frameLines = (text: string): readonly string[] => text.split(/\r?\n/);

/** `lines` caches each file's lines by its shown name; seed it with the texts the loader read (see printIssues). */
export function formatIssue(
  i: Issue, style: Style = plain, lines?: FrameCache, setArgs: readonly string[] = [], multirunArgs: readonly string[] = [],
): string {
  const sev = i.severity === 'error' ? style.red('error') : style.yellow('warning');
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.column}` : i.file;
  const head = `${style.bold(where)}: ${sev}: ${i.message}${i.hint ? ` (${i.hint})` : ''} ${style.dim(`[${i.code}]`)}`;
  // no frame where there is no text to show (binary bytes, a 1 MiB line)
  if (i.line <= 0 || i.code === 'file-binary' || i.code === 'file-too-large') return head;
  if (i.file === '<--set>') {
    const arg = setArgs[i.column - 1];
    return arg === undefined ? head : `${head}\n${style.dim('  --set ')}${arg}`;
  }
  if (i.file === '<-m>') {
    const arg = multirunArgs[i.column - 1];
    return arg === undefined ? head : `${head}\n${style.dim('  -m ')}${arg}`;
  }
  const cached = lines?.get(i.file);
  let all = typeof cached === 'string' ? frameLines(cached) : cached;
  if (typeof cached === 'string') lines?.set(i.file, all!);
  if (all === undefined) {
    try {
      all = frameLines(readFileSync(resolve(i.file), 'utf8'));
      lines?.set(i.file, all);
    } catch {
      return head;
    }
  }
  return `${head}\n${frame(all, i.line, i.column, style)}`;
}
