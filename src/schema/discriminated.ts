/**
 * JSON Schema for "an object whose `type` names a registry entry": one
 * if/then branch per entry, so a validator reports errors of the matching
 * branch only (precise unknown-key and missing-key errors, no anyOf noise).
 */
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import type { EntryBase, Registry } from '../registry/entry.js';

/** Optional when the parameter has a default or is already optional. */
export function withOptionals(params: TProperties): TProperties {
  const out: TProperties = {};
  for (const [k, s] of Object.entries(params)) {
    const opt = (s as { default?: unknown }).default !== undefined;
    out[k] = opt ? Type.Optional(s) : s;
  }
  return out;
}

export function branchSchema(params: TProperties, description?: string): TSchema {
  return Type.Object(withOptionals(params), { additionalProperties: false, ...(description ? { description } : {}) });
}

export function discriminated<T>(
  reg: Registry<EntryBase>,
  key: string,
  common: TProperties,
  description: string,
  paramsOf: (e: EntryBase) => TProperties = (e) => e.params,
): TSchema & { static: T } {
  const names = reg.spellings;
  return Type.Unsafe<T>({
    type: 'object',
    description,
    required: [key],
    properties: { [key]: { type: 'string', enum: [...names], 'x-registry': reg.kind } },
    allOf: reg.entries.map((e) => ({
      if: { required: [key], properties: { [key]: { enum: [e.name, ...(e.aliases ?? [])] } } },
      then: branchSchema({ [key]: Type.String(), ...common, ...paramsOf(e) }, `${e.name}: ${e.doc}`),
    })),
  }) as never;
}
