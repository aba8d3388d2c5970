/**
 * The committed schema/experiment.schema.json and ajv's validator for it, compiled once per worker for the files that
 * check the schema as its users meet it (schema.test.ts, schema-editor.test.ts): a compile of the ~100 kB schema is
 * most of what those tests cost. Each caller reads `errors` right after its own call (validation is synchronous).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ROOT } from './load-helpers.js';

export const SCHEMA_FILE = join(ROOT, 'schema/experiment.schema.json');
export const publishedText = readFileSync(SCHEMA_FILE, 'utf8');
export const publishedSchema = JSON.parse(publishedText) as Record<string, unknown>;

let compiled: ValidateFunction | undefined;
/**
 * A plain ajv (all errors; not strict, since the schema carries trainspec's x-registry annotations) on the committed
 * file. `code.optimize: false` skips ajv's passes that tidy the generated code (empty blocks, constant conditions,
 * unused names; they add or remove no check): the same validation, compiled in about half the time.
 */
export function publishedValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false, code: { optimize: false } }).compile(publishedSchema);
  return compiled;
}
