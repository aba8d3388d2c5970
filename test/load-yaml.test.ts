/** Reading YAML: 1.2 core-schema semantics, and every reading problem an issue with a position, never a crash. */
import { describe, expect, it } from 'vitest';
import { parseSource, MAX_FILE_BYTES } from '../src/load/source.js';
import { BASE, codes, loadText, where } from './load-helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const valueOf = (text: string) => {
  const r = parseSource('x.yaml', enc(text));
  expect(r.issues).toEqual([]);
  return r.source!.value as Record<string, unknown>;
};

describe('YAML 1.2 core schema', () => {
  it('1e-3 and 1.0e+3 are numbers; 0o17 is octal, 017 decimal; 0x1F hex', () => {
    expect(valueOf('a: 1e-3\nb: 1.0e+3\nc: 0o17\nd: 017\ne: 0x1F\n')).toEqual({ a: 0.001, b: 1000, c: 15, d: 17, e: 31 });
  });

  it('no, yes, on, off, y and n are strings; only true/false are booleans', () => {
    expect(valueOf('a: no\nb: yes\nc: on\nd: off\ne: y\nf: n\ng: true\nh: False\n'))
      .toEqual({ a: 'no', b: 'yes', c: 'on', d: 'off', e: 'y', f: 'n', g: true, h: false });
  });

  it('~, null and an empty value are null; dates and sexagesimals stay strings', () => {
    expect(valueOf('a: ~\nb: null\nc:\nd: 2001-12-14\ne: 1:30\n')).toEqual({ a: null, b: null, c: null, d: '2001-12-14', e: '1:30' });
  });

  it('<< is an ordinary key, not a merge (merge keys are YAML 1.1)', () => {
    expect(valueOf('x: &x {a: 1}\ny:\n  <<: *x\n')).toEqual({ x: { a: 1 }, y: { '<<': { a: 1 } } });
  });

  it('a loaded experiment sees learning_rate: 1e-3 as a number', () => {
    const r = loadText(BASE.replace('optimizer: adam', 'optimizer: {type: adam, learning_rate: 1e-3}'));
    expect(r.experiment!.compile.optimizer.learning_rate).toBe(0.001);
  });

  it('description: no loads as the string "no"', () => {
    expect(loadText(`${BASE}description: no\n`).experiment!.description).toBe('no');
  });
});

describe('reading problems have positions', () => {
  it('a tab in an indentation mixed with spaces is yaml-tab, at the tab', () => {
    expect(where(loadText('model:\n  - type: dense\n  \tunits: 1\n').issues)).toEqual(['exp.yaml:3:3 yaml-tab']);
    expect(where(loadText('data:\n\tgenerator: xor\n').issues)).toEqual(['exp.yaml:2:1 yaml-tab']);
  });

  it('tabs after a key or inside a flow list are fine', () => {
    expect(valueOf('a:\t1\nb: [1,\t2]\n')).toEqual({ a: 1, b: [1, 2] });
  });

  it('duplicate keys in a flow map are caught too', () => {
    expect(where(loadText('data: {generator: xor, generator: moons}\n').issues)).toEqual(['exp.yaml:1:24 yaml-duplicate-key']);
  });

  it('several documents in one file are a syntax error at the second', () => {
    expect(where(loadText(`${BASE}---\nseed: 1\n`).issues)).toEqual(['exp.yaml:19:1 yaml-syntax']);
  });

  it('a scalar, a lone --- or a null document is not a map', () => {
    for (const text of ['hello\n', '---\n', '~\n', '[1, 2]\n']) expect(codes(loadText(text).issues)).toEqual(['not-a-map']);
  });

  it('empty and whitespace-only files are file-empty', () => {
    for (const text of ['', '\n\n', '  \n\t\n', '# only\n   # comments\n']) expect(where(loadText(text).issues)).toEqual(['exp.yaml:1:1 file-empty']);
  });

  it('a banner of #s is read quickly (no regex backtracking)', () => {
    const start = Date.now();
    const r = loadText(`${'#'.repeat(200)}\n# title ${'# '.repeat(200)}\n${BASE}`);
    expect(where(r.issues)).toEqual([]);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('a BOM is skipped and CRLF line ends keep positions right', () => {
    expect(where(loadText(`\uFEFF${BASE.replace('epochs', 'epoch')}`).issues)).toEqual(['exp.yaml:18:3 unknown-key']);
    expect(where(loadText(BASE.replace('epochs', 'epoch').replace(/\n/g, '\r\n')).issues)).toEqual(['exp.yaml:18:3 unknown-key']);
  });

  it('an alias bomb stops at the alias limit, pointing at the first alias', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const start = Date.now();
    expect(where(loadText(`${levels.join('\n')}\n`).issues)).toEqual(['exp.yaml:2:10 yaml-alias-limit']);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('a few aliases are fine', () => {
    const r = loadText(`${BASE}test: &t {samples: 50}\nx-unused: *t\n`);
    expect(codes(r.issues)).toEqual(['unknown-key']);
  });

  it('binary, non-UTF-8 and over-large bytes are refused before parsing', () => {
    expect(codes(parseSource('x.yaml', new Uint8Array([0x61, 0x3a, 0x00])).issues)).toEqual(['file-binary']);
    expect(codes(parseSource('x.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe])).issues)).toEqual(['file-binary']);
    expect(codes(parseSource('x.yaml', new Uint8Array(MAX_FILE_BYTES + 1).fill(0x23)).issues)).toEqual(['file-too-large']);
  });

  it('a value of the wrong type where a union is allowed (test: a number) names every type, not a crash (found by the fuzz test)', () => {
    const r = loadText(`${BASE}test: 100000\n`);
    expect(where(r.issues)).toEqual([`exp.yaml:${BASE.split('\n').length}:7 wrong-type`]);
    expect(r.issues[0]!.message).toBe('test must be object or null, not number');
  });

  it('deep nesting is a syntax error, not a crash', () => {
    const r = loadText(`a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    // The nesting bound refuses it before the parser (load-yaml-depth.test.ts has its positions); without the bound,
    // where the parser runs out of stack depends on the JIT's frame sizes: one or more syntax issues, never a crash.
    expect(codes(r.issues).length).toBeGreaterThan(0);
    expect(new Set(codes(r.issues))).toEqual(new Set(['yaml-syntax']));
    expect(r.issues[0]!.line).toBe(1);
  });

  it('.inf and .nan are numbers the schema cannot see: out-of-range', () => {
    expect(where(loadText(BASE.replace('epochs: 10', 'epochs: .inf')).issues)).toEqual(['exp.yaml:18:11 out-of-range']);
    expect(where(loadText(BASE.replace('units: 8', 'units: -.inf')).issues)).toEqual(['exp.yaml:7:12 out-of-range']);
    expect(where(loadText(`${BASE}  validation_split: .nan\n`).issues)).toEqual(['exp.yaml:19:21 out-of-range']);
  });
});
