/**
 * The nesting bound checked before the YAML parser (src/load/yaml-depth.ts): the parser spends ~8 us and a node per
 * level, so 1 MiB of `[` cost 10 s of CPU and ~1 GB before it. Past MAX_NESTING levels a file gets one yaml-syntax
 * issue at the first token too deep; quotes, comments and block scalars are text, not levels.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseSource } from '../src/load/source.js';
import { MAX_NESTING, tooDeepAt } from '../src/load/yaml-depth.js';
import { BASE, loadText, where } from './load-helpers.js';

const parse = (text: string) => parseSource('x.yaml', new TextEncoder().encode(text));

describe('the nesting bound', () => {
  it('refuses a file of 1 MiB of brackets at the first bracket too deep, and nothing else', () => {
    const text = `a: ${'['.repeat(MAX_FILE_BYTES - 4)}\n`;
    const { issues } = parse(text);
    // `a:` opens the first level: the 100th bracket is the 101st level, column 3 + 100.
    expect(where(issues)).toEqual(['x.yaml:1:103 yaml-syntax']);
    expect(issues[0]!.message).toBe(`nesting is deeper than ${MAX_NESTING} levels`);
  });

  it('loads a deep file again and again in one process (before the bound, the second load of 5000 levels aborted Node, exit 134)', () => {
    const text = `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    for (let i = 0; i < 5; i++) expect(where(loadText(text).issues)).toEqual(['exp.yaml:1:103 yaml-syntax']);
  });

  it('counts flow maps, dashes on one line and block indentation', () => {
    expect(where(parse(`a: ${'{a: '.repeat(200)}\n`).issues)).toEqual(['x.yaml:1:400 yaml-syntax']);
    expect(where(parse(`a:\n${'- '.repeat(200)}x\n`).issues)).toEqual(['x.yaml:2:199 yaml-syntax']);
    const block = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
    expect(where(parse(block).issues)).toEqual(['x.yaml:101:101 yaml-syntax']);
  });

  it('gives the file to the parser up to the bound: 99 brackets inside a map read as YAML', () => {
    const text = `a: ${'['.repeat(MAX_NESTING - 1)}1${']'.repeat(MAX_NESTING - 1)}\n`;
    expect(tooDeepAt(text)).toBeUndefined();
    const { issues, source } = parse(text);
    expect(issues).toEqual([]);
    let v = (source!.value as { a: unknown }).a;
    let depth = 0;
    while (Array.isArray(v)) [v, depth] = [v[0], depth + 1];
    expect([v, depth]).toEqual([1, MAX_NESTING - 1]);
  });

  it('does not count brackets in quotes, comments or block scalars, nor levels that closed', () => {
    const many = '['.repeat(300);
    const text = `${BASE}# ${many}\nx_note: "${many}"\nx_more: '${many}'\nx_doc: |\n  ${many}\n  ${'- '.repeat(150)}\n`;
    expect(tooDeepAt(text)).toBeUndefined();
    expect(tooDeepAt(`a: [${'[1], '.repeat(500)}[1]]\n`)).toBeUndefined();
    // and such a file loads to its own (schema) problems, not a nesting one
    expect(loadText(text).issues.map((i) => i.message)).not.toContain(`nesting is deeper than ${MAX_NESTING} levels`);
  });

  it('closes the flow collections the lexer gives up on (a line indented too little), and counts the block levels after them', () => {
    const text = `- [\n- 1\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}-\n`).join('')}`;
    expect(where(parse(text).issues)).toEqual(['x.yaml:102:100 yaml-syntax']);
  });

  it('a list or map as a key is refused before yaml reads it (keys 98 levels deep, inside the bound, cost yaml ~18 ms each)', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${'? '.repeat(98)}x${i}\n: 1\n`).join('');
    const { issues } = parse(lines);
    expect(where(issues)).toEqual(Array.from({ length: 50 }, (_, i) => `x.yaml:${2 * i + 1}:3 yaml-complex-key`));
  });

  it('counts explicit keys (?) in a flow map as siblings, not levels', () => {
    expect(tooDeepAt(`a: {${Array.from({ length: 150 }, (_, i) => `? k${i}: ${i}`).join(', ')}}\n`)).toBeUndefined();
  });
});
