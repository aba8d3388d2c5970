/**
 * Validates a merged experiment against the JSON Schema and turns ajv's
 * errors into issues: one per real problem, with a did-you-mean where a
 * name or key was misspelt, and none of the anyOf/if noise.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, ErrorObject, Options, ValidateFunction } from 'ajv';
import { experimentJsonSchema } from '../schema/experiment.js';
import { keras1Hint } from './keras1.js';
import { didYouMean, issue, type Issue, type IssueCode, type PathSeg } from './issues.js';

/**
 * ajv's options for the experiment schema. `verbose` puts `parentSchema` and `data` on every
 * error, which toIssue reads. Shared with the build step (scripts/precompile.mjs), which
 * writes the same validator as standalone code next to this module.
 */
export const AJV_OPTIONS: Options = { allErrors: true, strict: false, verbose: true };
export function configureAjv(ajv: AjvClass): AjvClass {
  ajv.addKeyword({ keyword: 'x-registry', schemaType: 'string' });
  return ajv;
}

/** Identifies the schema a precompiled validator was generated from. */
export const schemaHash = (schema: unknown = experimentJsonSchema()): string =>
  createHash('sha256').update(JSON.stringify(schema)).digest('hex');

/** The standalone validator the build writes into dist/load/ (CommonJS: it requires ajv's runtime helpers). */
export const PRECOMPILED_FILE = 'schema-validator.cjs';

const require = createRequire(import.meta.url);

/**
 * The validator generated at build time, when it sits next to this module and was generated
 * from the schema the registries make now (a `tsc` without the build step leaves a stale one:
 * it is ignored). Tests run the TypeScript sources, which have none.
 */
function precompiled(): ValidateFunction | undefined {
  const file = fileURLToPath(new URL(`./${PRECOMPILED_FILE}`, import.meta.url));
  if (!existsSync(file)) return undefined;
  const mod = require(file) as { validate?: ValidateFunction; schemaHash?: string };
  return mod.schemaHash === schemaHash() ? mod.validate : undefined;
}

/** Compiles the schema now (~250 ms): ajv is loaded only here. */
export function compileValidator(): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return configureAjv(new Ajv(AJV_OPTIONS)).compile(experimentJsonSchema());
}

let compiled: ValidateFunction | undefined;
export function validator(): ValidateFunction {
  compiled ??= precompiled() ?? compileValidator();
  return compiled;
}

export type Locator = (path: PathSeg[], prefer?: 'key' | 'value') => { file: string; line: number; column: number };

const pointerToPath = (p: string): PathSeg[] =>
  p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const where = (path: PathSeg[]) => (path.length ? path.join('.') : 'the file');
const describe = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'map' : typeof v);

/** Drops the errors of anyOf branches whose type does not even match the value. */
function pruneBranches(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  let kept = errors;
  for (const a of anyOfs) {
    const prefix = `${a.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const idx = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(idx, [...(branches.get(idx) ?? []), e]);
    }
    const mismatched = [...branches].filter(([, es]) => es.some((e) => e.keyword === 'type' && e.instancePath === a.instancePath));
    const matching = [...branches].filter(([k]) => !mismatched.some(([m]) => m === k));
    const drop = new Set<ErrorObject>(matching.length > 0 ? mismatched.flatMap(([, es]) => es) : [...branches.values()].flat());
    if (matching.length > 0) drop.add(a);
    kept = kept.filter((e) => !drop.has(e));
  }
  return kept;
}

function toIssue(e: ErrorObject, locateAt: Locator): Issue | undefined {
  const path = pointerToPath(e.instancePath);
  const mk = (code: IssueCode, p: PathSeg[], message: string, hint?: string, prefer: 'key' | 'value' = 'key') =>
    issue(code, { ...locateAt(p, prefer), path: p.join('.') }, message, hint);
  const parent = e.parentSchema as { properties?: Record<string, unknown>; 'x-registry'?: string; enum?: unknown[] } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(parent?.properties ?? {});
      return mk('unknown-key', [...path, key], `unknown key "${key}" in ${where(path)}`, keras1Hint(key, allowed) ?? didYouMean(key, allowed));
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const kind = parent?.['x-registry'];
      const label = kind ? `unknown ${kind}` : `invalid value for ${where(path)}:`;
      const hint = didYouMean(String(e.data), allowed) ?? (allowed.length <= 16 ? `expected one of: ${allowed.join(', ')}` : undefined);
      return mk('unknown-name', path, `${label} ${describe(e.data)}`, hint, 'value');
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return mk('missing-key', path, `missing key "${key}" in ${where(path)}`);
    }
    case 'type':
      return mk('wrong-type', path, `${where(path)} must be ${typeNames((e.params as { type: string | string[] }).type)}, not ${typeOf(e.data)}`, undefined, 'value');
    case 'anyOf':
      return mk('wrong-type', path, `${where(path)} has the wrong form (${typeOf(e.data)})`, undefined, 'value');
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
    case 'minItems': case 'maxItems': case 'minLength': case 'minProperties':
      return mk('out-of-range', path, `${where(path)} ${e.message}`, undefined, 'value');
    case 'pattern':
      return mk('bad-format', path, `${where(path)} ${describe(e.data)} must match ${(e.params as { pattern: string }).pattern}`, undefined, 'value');
    case 'if': case 'allOf': case 'oneOf':
      return undefined;
    default:
      return mk('invalid-value', path, `${where(path)} ${e.message}`, undefined, 'value');
  }
}

/** Paths of .inf/.nan values: YAML has them, JSON Schema cannot see them (`integer` accepts Infinity). */
function nonFinite(v: unknown, at: PathSeg[] = [], out: PathSeg[][] = []): PathSeg[][] {
  if (typeof v === 'number' && !Number.isFinite(v)) out.push(at);
  else if (Array.isArray(v)) v.forEach((x, i) => nonFinite(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) nonFinite(x, [...at, k], out);
  return out;
}

/** ajv names one type as a string, a union as a list or a comma-separated string: "integer or null". */
const typeNames = (t: string | string[]) => (Array.isArray(t) ? t : t.split(',')).join(' or ');

export function checkSchema(value: unknown, locateAt: Locator): Issue[] {
  const validate = validator();
  const infinite = nonFinite(value);
  if (validate(value) && infinite.length === 0) return [];
  const out: Issue[] = infinite.map((p) =>
    issue('out-of-range', { ...locateAt(p, 'value'), path: p.join('.') }, `${where(p)} must be a finite number`));
  const reported = new Set(out.map((i) => i.path));
  const seen = new Set<string>();
  for (const e of pruneBranches(validate.errors ?? [])) {
    const i = toIssue(e, locateAt);
    if (!i || reported.has(i.path)) continue;
    const k = `${i.code}|${i.path}|${i.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(i);
    }
  }
  return out;
}
