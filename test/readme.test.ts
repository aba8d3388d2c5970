/**
 * The README's examples are the real output. A ```text block marked with a
 * `<!-- readme-test ... -->` comment holds `$ npx trainspec ...` commands, each
 * followed by its output; the test runs them in order in a copy of experiments/
 * and compares (a `...` line stands for any lines). The sweep tables must be the
 * committed summary.md's numbers. The commands run in this process (cli-in-process.ts, non-TTY as on a pipe): the
 * subject is what they print, not the process.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess as cli } from './cli-in-process.js';
import { ROOT, tempDir } from './run-helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Shown { command: string[]; output: string[] }

/** The marked blocks' commands with their shown output. */
function markedBlocks(text: string): Shown[][] {
  const blocks: Shown[][] = [];
  const re = /<!-- readme-test[^>]*-->\n```text\n([\s\S]*?)\n```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const shown: Shown[] = [];
    for (const line of m[1]!.split('\n')) {
      const cmd = /^\$ npx trainspec (.*)$/.exec(line);
      if (cmd) shown.push({ command: cmd[1]!.split(/\s+/), output: [] });
      else if (line.trim() !== '' || shown.at(-1)?.output.length) shown.at(-1)?.output.push(line);
    }
    for (const s of shown) while (s.output.at(-1) === '') s.output.pop();
    blocks.push(shown);
  }
  return blocks;
}

/** Whether `actual` holds the shown lines in order: contiguous runs, with gaps only at `...`. */
function matches(shown: string[], actual: string[]): boolean {
  const runs = shown.join('\n').split(/^\.\.\.$/m).map((r) => r.split('\n').filter((l) => l !== ''));
  let at = 0;
  for (const [i, run] of runs.entries()) {
    if (run.length === 0) continue;
    const fits = (k: number) => run.every((l, j) => actual[k + j] === l);
    let k = at;
    if (i === 0 && runs.length > 1) { if (!fits(0)) return false; } else while (k <= actual.length - run.length && !fits(k)) k++;
    if (i === 0 && runs.length > 1) k = 0;
    if (k > actual.length - run.length) return false;
    at = k + run.length;
  }
  return runs.length > 1 || at === actual.length;
}

describe('README examples', () => {
  const blocks = markedBlocks(readme);
  it('has marked examples to check', () => expect(blocks.flat().length).toBeGreaterThanOrEqual(2));

  it.each(blocks.map((b, i) => [i, b] as const))('block %i: every command prints what the README shows', async (_i, shown) => {
    const dir = tempDir('readme');
    cpSync(join(ROOT, 'experiments'), join(dir, 'experiments'), { recursive: true });
    for (const s of shown) {
      // The README shows the cpu backend's numbers (tfjs-node, where installed, differs in the last bits).
      const args = s.command[0] === 'run' ? [...s.command, '--backend', 'cpu'] : s.command;
      const r = await cli(args, { cwd: dir });
      // stderr (progress) comes before stdout (the table) on a terminal, as shown.
      const actual = `${r.stderr}${r.stdout}`.replace(/\n$/, '').split('\n');
      expect(matches(s.output, actual), `$ trainspec ${s.command.join(' ')}\n--- README\n${s.output.join('\n')}\n--- actual\n${actual.join('\n')}`).toBe(true);
    }
  }, 180_000);

  it('matcher: contiguous runs, gaps only at ...', () => {
    expect(matches(['a', '...', 'c'], ['a', 'b', 'c'])).toBe(true);
    expect(matches(['a', 'c'], ['a', 'b', 'c'])).toBe(false);
    expect(matches(['a'], ['a', 'b'])).toBe(false);
    expect(matches(['a', '...', 'd'], ['a', 'b', 'c'])).toBe(false);
  });

  it('the sweep tables are the committed summary.md numbers', () => {
    const re = /\(\[summary\.md\]\((examples\/results\/[^)]+\/summary\.md)\)\):\n\n((?:\|.*\|\n)+)/g;
    let checked = 0;
    for (let m = re.exec(readme); m; m = re.exec(readme)) {
      const rows = (t: string) => t.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|---')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim().replace(/\*\*/g, '')));
      const [head, ...body] = rows(m[2]!);
      const [sHead, ...sBody] = rows(readFileSync(join(ROOT, m[1]!), 'utf8'));
      expect(sBody.length, m[1]).toBe(body.length);
      for (const row of body) {
        const point = sBody.find((r) => r[sHead!.indexOf('point')] === row[head!.indexOf('point')])!;
        expect(point, `${m[1]}: ${row.join(' | ')}`).toBeDefined();
        head!.forEach((col, c) => expect(point[sHead!.indexOf(col)], `${m![1]} ${row[1]} ${col}`).toBe(row[c]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(21);
  });

  it('names only files that exist (a path in backticks, placeholders like NAME aside, under src/, test/, bench/, scripts/, kernels/, experiments/ or examples/)', () => {
    const named = [...readme.matchAll(/`((?:src|test|bench|scripts|kernels|experiments|examples)\/[\w./-]+)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((p) => !/[A-Z]{3,}/.test(p) && !existsSync(join(ROOT, p.replace(/\/$/, ''))))).toEqual([]);
  });
});
