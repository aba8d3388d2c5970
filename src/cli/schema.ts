/** `trainspec schema`: prints (or writes) the JSON Schema generated from the registries. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { publishedJsonSchema } from '../schema/experiment.js';

export const SCHEMA_PATH = 'schema/experiment.schema.json';

export const schemaText = () => `${JSON.stringify(publishedJsonSchema(), null, 2)}\n`;

export function schemaCommand(opts: { write?: string | boolean }): number {
  const text = schemaText();
  if (opts.write) {
    const file = typeof opts.write === 'string' ? opts.write : SCHEMA_PATH;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stderr.write(`wrote ${file}\n`);
  } else process.stdout.write(text);
  return 0;
}
