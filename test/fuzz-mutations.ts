/**
 * Mutations of real experiment files for the fuzz test: structural ones on
 * the parsed YAML (delete a key, replace a value, rename a key, add one) and
 * textual ones on the file (truncate, insert a character, add an alias).
 * Values come from a pool of the inputs that broke earlier versions: `.`,
 * `..`, long names, absurd sizes, prototype keys, YAML aliases.
 */
import fc from 'fast-check';
import { parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';

export const NUMBERS = [0, -1, 1, 2, 3, 0.5, -0.5, 1e12, 1e308, -1e308, 1e-320, 100000, 1000000000, 4000, 2.5];
export const STRINGS = [
  '', '.', '..', '...', '.git', '../x', '../../etc/passwd', '/etc/passwd', 'a'.repeat(300), 'x y', 'café', "x'y",
  'tanh', 'relu', 'leaky_relu', 'softmax', 'adam', 'nadam', 'sgd', 'hinge', 'mse', 'categorical_crossentropy',
  'dense', 'conv2d', 'reshape', 'flatten', 'nope', 'x\ny', '<b>x</b>', '|', '${x}', '__proto__', 'constructor',
  'nb_epoch', 'lr', 'data/iris.csv', 'uniform_sum', 'sign', 'binary', 'standard', 'accuracy',
];
const OTHERS: unknown[] = [null, true, false, [], {}, [1, 2], [[1]], { type: 'dense' }, { a: { b: { c: 1 } } }, ['accuracy', 'accuracy']];
export const POOL: unknown[] = [...NUMBERS, ...STRINGS, ...OTHERS];

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: number }
  | { kind: 'rename'; at: number; key: number }
  | { kind: 'add'; at: number; key: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; char: string }
  | { kind: 'alias'; at: number };

const index = fc.nat({ max: 10_000 });
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: index }),
  fc.record({ kind: fc.constant('replace' as const), at: index, value: index }),
  fc.record({ kind: fc.constant('replace' as const), at: index, value: index }),
  fc.record({ kind: fc.constant('rename' as const), at: index, key: index }),
  fc.record({ kind: fc.constant('add' as const), at: index, key: index, value: index }),
  fc.record({ kind: fc.constant('truncate' as const), at: index }),
  fc.record({ kind: fc.constant('insert' as const), at: index, char: fc.constantFrom(':', '-', '[', '{', '&', '*', '!', '"', "'", '\t', '\n', '#', '%', '\u0000', '\u00e9') }),
  fc.record({ kind: fc.constant('alias' as const), at: index }),
);

/** Every map (and its path) in a parsed document, the root first. */
function maps(node: YamlNode | null | undefined, out: YamlNode[] = []): YamlNode[] {
  if (isMap(node)) {
    out.push(node);
    for (const pair of node.items) maps(pair.value as YamlNode, out);
  } else if (isSeq(node)) {
    for (const item of node.items) maps(item as YamlNode, out);
  }
  return out;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** Applies one mutation to a YAML text; the result may be any text at all. */
export function mutate(text: string, m: Mutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.char + text.slice(at);
  }
  const doc = parseDocument(text);
  // Text an earlier mutation broke stays broken: structure cannot be edited.
  if (doc.errors.length > 0) return text;
  const all = maps(doc.contents as YamlNode);
  if (all.length === 0) return text;
  const map = pick(all, m.at) as ReturnType<typeof doc.createNode> & { items: { key: unknown; value: unknown }[] };
  if (m.kind === 'add') {
    map.items.push(doc.createPair(String(pick(STRINGS, m.key) || 'k'), pick(POOL, m.value)) as never);
    return doc.toString();
  }
  if (map.items.length === 0) return text;
  const i = m.at % map.items.length;
  const pair = map.items[i]!;
  if (m.kind === 'delete') map.items.splice(i, 1);
  else if (m.kind === 'replace') pair.value = doc.createNode(pick(POOL, m.value));
  else if (m.kind === 'rename') pair.key = doc.createNode(pick(STRINGS, m.key) || 'k');
  else if (m.kind === 'alias') {
    // A self-referencing or repeated alias: `x: &a [*a]` style, or a plain reuse.
    const anchor = `a${m.at % 7}`;
    return `${doc.toString()}\nextra_${anchor}: &${anchor} [*${anchor}]\n`;
  }
  return doc.toString();
}
