/** The committed JSON Schema: current, accepting the examples, and naming every registry entry. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SCHEMA_PATH, schemaText } from '../src/cli/schema.js';
import { generators } from '../src/registry/generators/index.js';
import { activations } from '../src/registry/activations/index.js';
import type { EntryBase, Registry } from '../src/registry/entry.js';
import { layers } from '../src/registry/layers/index.js';
import { losses } from '../src/registry/losses/index.js';
import { metrics } from '../src/registry/metrics/index.js';
import { optimizers } from '../src/registry/optimizers/index.js';
import { FIXTURES, ROOT } from './load-helpers.js';
import { publishedSchema as schema, publishedText as committed, publishedValidator as validator, SCHEMA_FILE } from './published-schema.js';

const readYaml = (file: string) => parse(readFileSync(file, 'utf8'), { version: '1.2', schema: 'core' }) as unknown;

/** Every `enum` in the schema under a node marked with `x-registry: kind`. */
function enumsOf(node: unknown, kind: string, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => enumsOf(n, kind, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o['x-registry'] === kind && Array.isArray(o.enum)) for (const v of o.enum) out.add(String(v));
    for (const v of Object.values(o)) enumsOf(v, kind, out);
  }
  return out;
}

describe('schema/experiment.schema.json', () => {
  it('is what the registries generate now', () => {
    expect(SCHEMA_FILE).toBe(join(ROOT, SCHEMA_PATH));
    const stale = committed !== schemaText();
    expect(stale, `${SCHEMA_PATH} is stale: run \`npm run schema:write\` and commit it`).toBe(false);
  });

  it('is a draft-07 schema with an $id', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toMatch(/experiment\.schema\.json$/);
  });

  it.each(['keras-seed-hinge.yaml', 'keras-seed-softmax.yaml'])('accepts experiments/%s', (file) => {
    const validate = validator();
    const ok = validate(readYaml(join(ROOT, 'experiments', file)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(['generator-hinge.yaml', 'file-flowers.yaml', 'regression-huber.yaml', 'conv-layers.yaml', 'recurrent-layers.yaml', 'sweep.yaml'])(
    'accepts the valid fixture %s (an editor sees each file alone)',
    (file) => {
      const validate = validator();
      expect(validate(readYaml(join(FIXTURES, 'valid', file))), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('rejects unknown keys and names, as the loader does', () => {
    const validate = validator();
    const x = readYaml(join(ROOT, 'experiments', 'keras-seed-hinge.yaml')) as Record<string, Record<string, unknown>>;
    expect(validate({ ...x, fit: { ...x.fit, epoch: 3 } })).toBe(false);
    expect(validate({ ...x, compile: { ...x.compile, optimizer: 'rsmprop' } })).toBe(false);
    expect(validate({ ...x, test: { generator: 'nope' } })).toBe(false);
  });

  const registries: [string, Registry<EntryBase>][] = [
    ['layer', layers as never], ['activation', activations as never], ['optimizer', optimizers as never],
    ['loss', losses as never], ['metric', metrics as never], ['generator', generators as never],
  ];

  it.each(registries)('names every %s and alias in its enums', (kind, reg) => {
    const names = enumsOf(schema, kind);
    expect(names.size).toBeGreaterThan(0);
    const all = reg.entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
    expect(all.filter((n) => !names.has(n))).toEqual([]);
    expect([...names].filter((n) => !all.includes(n))).toEqual([]);
  });

  it('accepts the names the issue lists, with Keras aliases', () => {
    const spell = (reg: Registry<EntryBase>) => new Set(reg.spellings);
    const want: [Registry<EntryBase>, string[]][] = [
      [layers as never, ['dense', 'activation', 'dropout', 'batch_normalization', 'flatten', 'reshape', 'leaky_relu', 'conv1d', 'conv2d', 'max_pooling1d', 'max_pooling2d', 'simple_rnn', 'lstm', 'gru', 'embedding']],
      [activations as never, ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'hard_sigmoid', 'softsign', 'softplus', 'softmax', 'swish', 'gelu', 'leaky_relu']],
      [optimizers as never, ['sgd', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'adamax', 'nadam']],
      [losses as never, ['hinge', 'squared_hinge', 'categorical_hinge', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'kl_divergence', 'cosine_similarity', 'cosine_proximity', 'mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'mean_squared_logarithmic_error', 'poisson', 'log_cosh', 'huber', 'mse', 'mae', 'kld', 'bce']],
      [metrics as never, ['accuracy', 'mse', 'mae', 'precision', 'recall']],
    ];
    for (const [reg, names] of want) expect(names.filter((n) => !spell(reg).has(n)), reg.kind).toEqual([]);
  });
});
