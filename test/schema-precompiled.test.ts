/**
 * The schema validator the build writes as ajv standalone code (scripts/precompile.mjs,
 * run by the global setup as by `npm run build`): generated from the current schema, used by
 * dist/, and reporting exactly what the run-time compile reports, `parentSchema` and `data` included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { PRECOMPILED_FILE, schemaHash, validator } from '../src/load/schema-check.js';
import { FIXTURES, ROOT } from './load-helpers.js';

const file = join(ROOT, 'dist', 'load', PRECOMPILED_FILE);
const generated = createRequire(import.meta.url)(file) as { validate: ValidateFunction; schemaHash: string };

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
const docs = [
  ...yamlFiles(join(ROOT, 'experiments')),
  ...yamlFiles(join(FIXTURES, 'valid')),
  ...yamlFiles(join(FIXTURES, 'invalid')),
].flatMap((f) => {
  try {
    const value = parse(readFileSync(f, 'utf8'), { version: '1.2', schema: 'core' }) as unknown;
    JSON.stringify(value); // throws on the recursive alias (yaml-alias-cycle.yaml)
    return [[f.slice(ROOT.length + 1), value] as const];
  } catch {
    return []; // the YAML-syntax and alias-cycle fixtures never reach the schema
  }
});
// Values that trip each kind of error the issue mapper handles.
const broken: unknown[] = [
  { data: { generator: 'uniform_sum', samples: 0 }, model: [{ type: 'dense', units: 'x', activaton: 'tanh' }], compile: { loss: 'hinj', optimizer: { type: 'adam', learning_rate: -1 } }, fit: { epochs: 1.5 } },
  { name: 'bad name!', data: { path: '' }, model: [], compile: {}, sweep: { grid: 3 } },
  { data: 3, model: {}, compile: { loss: { type: 'huber', delta: 'a' } }, test: { generator: 'nope' } },
  [],
];

describe('the precompiled schema validator (dist/load/schema-validator.cjs)', () => {
  it('was generated from the schema the registries make now', () => {
    expect(generated.schemaHash).toBe(schemaHash());
  });

  it('is what dist/ validates with', async () => {
    const dist = (await import(pathToFileURL(join(ROOT, 'dist', 'load', 'schema-check.js')).href)) as { validator: () => ValidateFunction };
    expect(dist.validator()).toBe(generated.validate);
  });

  it('reports what the run-time compile reports, parentSchema and data included', () => {
    // The sources have no precompiled file next to them, so their validator is compiled at run time (ajv's compile
    // gives it its schemaEnv; the standalone code has none), once per worker for every test that loads a file.
    const runtime = validator();
    expect(runtime).not.toBe(generated.validate);
    expect('schemaEnv' in runtime && !('schemaEnv' in generated.validate)).toBe(true);
    const errors = (v: ValidateFunction, x: unknown) => [v(x), JSON.stringify(v.errors)] as const;
    expect(docs.length).toBeGreaterThan(30);
    let withErrors = 0;
    for (const [name, x] of [...docs, ...broken.map((b, i) => [`broken ${i}`, b] as const)]) {
      const want = errors(runtime, x);
      expect(errors(generated.validate, x), name).toEqual(want);
      if (!want[0]) withErrors++;
    }
    expect(withErrors).toBeGreaterThan(10);
    runtime(broken[0]);
    expect(runtime.errors!.every((e) => e.parentSchema !== undefined && 'data' in e)).toBe(true);
  });
});
