/**
 * The experiment file format, assembled from the registries. It is the one
 * source of the JSON Schema (schema/experiment.schema.json) and the TS types.
 */
// Kind, Hint, OptionalKind and ReadonlyKind are imported so that declaration emit can name them.
import { Type, Kind, Hint, OptionalKind, ReadonlyKind, type Static, type TProperties, type TSchema } from '@sinclair/typebox';
void [Kind, Hint, OptionalKind, ReadonlyKind];
import { nameSchema } from '../registry/entry.js';
import { layers, COMMON_LAYER_PARAMS } from '../registry/layers/index.js';
import { losses } from '../registry/losses/index.js';
import { metrics } from '../registry/metrics/index.js';
import { optimizers } from '../registry/optimizers/index.js';
import { generators } from '../registry/generators/index.js';
import { branchSchema, discriminated } from './discriminated.js';

export const LABEL_KINDS = ['sign', 'binary', 'onehot', 'index', 'value'] as const;
/** A results name (it becomes a folder): see src/load/names.ts, which also checks file-derived names. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$';

export type LayerSpec = { type: string; name?: string } & Record<string, unknown>;
export type Named = string | ({ type: string } & Record<string, unknown>);

const labels = Type.Unsafe<string>({
  type: 'string', enum: [...LABEL_KINDS, 'auto'], default: 'auto',
  description: 'label encoding: sign (±1), binary (0/1), onehot, index, value (regression), auto (from the loss and output units)',
});
const normalize = Type.Unsafe<string>({
  type: 'string', enum: ['none', 'standard', 'minmax'], default: 'none',
  description: 'feature scaling, fitted on the training rows only',
});

/**
 * `null` accepted where the resolved experiment (run.json) writes it for "none":
 * `early_stopping`, `sweep`, `test`, a file's `features`. So run.json's experiment
 * is itself a valid experiment file, and an editor with the schema accepts it.
 */
const orNull = <T extends TSchema>(s: T) => {
  const t = (s as { type?: string | string[] }).type;
  return Type.Unsafe<Static<T> | null>({ ...s, type: [...(Array.isArray(t) ? t : [t]), 'null'] });
};

const COMMON_DATA = {
  samples: Type.Integer({ minimum: 1, default: 250, description: 'rows to draw' }),
  labels,
  normalize,
};
const FILE_DATA = {
  path: Type.String({ minLength: 1, description: 'CSV (header row) or JSON (array of objects), relative to this YAML file' }),
  target: Type.String({ minLength: 1, description: 'label column' }),
  features: Type.Optional(orNull(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'feature columns; default: every other column' }))),
  labels,
  normalize,
};

const generatorData = discriminated<Record<string, unknown>>(generators as never, 'generator', COMMON_DATA, 'rows drawn by a seeded generator');
const fileData = branchSchema(FILE_DATA, 'rows read from a CSV or JSON file');

const DataSchema = Type.Unsafe<{ generator?: string; path?: string } & Record<string, unknown>>({
  description: 'training rows: a generator or a file',
  if: { type: 'object', required: ['path'] },
  then: fileData,
  else: generatorData,
});

/** `test` takes any data key; the ones left out come from `data`. */
const testProps: TProperties = { ...FILE_DATA, generator: nameSchema(generators as never), ...COMMON_DATA };
for (const g of generators.entries) for (const [k, s] of Object.entries(g.params as TProperties)) testProps[k] ??= s;
// `features` is a column list for a file and a count for a generator; the resolved `test` block holds either.
testProps.features = Type.Unsafe<string[] | number | null>({
  type: ['array', 'integer', 'null'], items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, minimum: 1,
  description: 'feature columns (a file) or the number of features (a generator)',
});
const TestSchema = Type.Object(
  Object.fromEntries(Object.entries(testProps).map(([k, s]) => {
    const { default: _unused, ...rest } = s as TSchema & { default?: unknown };
    return [k, Type.Optional(rest as TSchema)];
  })),
  { additionalProperties: false, description: 'held-out rows: keys left out are taken from data; a generator draws fresh rows' },
);

const LayerSchema = discriminated<LayerSpec>(layers as never, 'type', COMMON_LAYER_PARAMS, 'one layer of the Sequential stack');

const named = (reg: typeof optimizers | typeof losses, description: string) =>
  Type.Unsafe<Named>({
    description,
    anyOf: [nameSchema(reg as never), discriminated(reg as never, 'type', {}, `${reg.kind} with parameters`)],
  });

const CompileSchema = Type.Object(
  {
    optimizer: Type.Optional({ ...named(optimizers, 'a name, or {type: name, learning_rate: ..., ...}'), default: 'rmsprop' }),
    loss: named(losses, 'a name, or {type: name, ...parameters}'),
    metrics: Type.Optional(Type.Array(nameSchema(metrics as never), { default: [], uniqueItems: true, description: 'watched per epoch' })),
  },
  { additionalProperties: false, description: "Keras's model.compile" },
);

const EarlyStoppingSchema = Type.Object(
  {
    monitor: Type.Optional(Type.String({ default: 'val_loss', description: 'metric watched' })),
    patience: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'epochs without improvement before stopping' })),
    min_delta: Type.Optional(Type.Number({ minimum: 0, default: 0, description: 'smallest change that counts' })),
    restore_best_weights: Type.Optional(Type.Boolean({ default: false, description: 'end with the best epoch\'s weights' })),
  },
  { additionalProperties: false, description: 'stop when the monitored metric stops improving (Keras EarlyStopping)' },
);

const FitSchema = Type.Object(
  {
    epochs: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'passes over the training rows' })),
    batch_size: Type.Optional(Type.Integer({ minimum: 1, default: 32, description: 'rows per step' })),
    validation_split: Type.Optional(Type.Number({ default: 0, description: 'the LAST fraction of rows, held out before shuffling' })),
    shuffle: Type.Optional(Type.Boolean({ default: true, description: 'reshuffle the training rows every epoch' })),
    early_stopping: Type.Optional(orNull(EarlyStoppingSchema)),
  },
  { additionalProperties: false, description: "Keras's model.fit" },
);

const SweepSchema = Type.Object(
  {
    grid: Type.Optional(Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 1 }), { description: 'dotted path → values; the cross product runs' })),
    variants: Type.Optional(Type.Array(
      Type.Object({ name: Type.Optional(Type.String({ pattern: NAME_PATTERN })) }, { additionalProperties: true, minProperties: 1 }),
      { minItems: 1, description: 'explicit sets of coupled changes (dotted path → value), each optionally named' },
    )),
    seeds: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, uniqueItems: true, description: 'repeat every point per seed' })),
    rank_by: Type.Optional(Type.String({ description: 'metric the summary ranks by' })),
  },
  { additionalProperties: false, description: 'line up options side by side' },
);

const ExperimentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.Optional(Type.String({ pattern: NAME_PATTERN, description: 'results folder name; default: the file name without extension (never inherited through extends)' })),
    description: Type.Optional(Type.String()),
    seed: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'data, initial weights, shuffling, dropout' })),
    extends: Type.Optional(Type.String({ minLength: 1, description: 'base file (relative path): maps merge deeply, lists are replaced' })),
    data: DataSchema,
    test: Type.Optional(orNull(TestSchema)),
    model: Type.Array(LayerSchema, { minItems: 1, description: 'a Sequential stack' }),
    compile: CompileSchema,
    fit: Type.Optional(FitSchema),
    sweep: Type.Optional(orNull(SweepSchema)),
  },
  {
    $id: 'https://trainspec.dev/schema/experiment.schema.json',
    title: 'trainspec experiment',
    description: 'One experiment: data, a Sequential model, compile and fit options, and an optional sweep.',
    additionalProperties: false,
  },
);

/** An experiment file as written (after `extends` is merged). */
export type ExperimentInput = Static<typeof ExperimentSchema>;

/** The JSON Schema, as written to schema/experiment.schema.json. */
export function experimentJsonSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(ExperimentSchema)) };
}

/** A copy of a schema without `required` (kept inside `if`, where it selects a branch). */
function withoutRequired(node: unknown, inIf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutRequired(n, inIf));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node as Record<string, unknown>)
    .filter(([k]) => inIf || k !== 'required')
    .map(([k, v]) => [k, withoutRequired(v, inIf || k === 'if')]));
}

/**
 * The schema as published for editors (schema/experiment.schema.json, `trainspec schema`).
 * An editor sees one file alone, and a file with `extends` gets the rest from its base
 * (maps merge deeply), so in such a file no key is required; the names, types and ranges
 * are checked all the same. trainspec itself checks the merged file against
 * experimentJsonSchema(), where every required key is required.
 */
export function publishedJsonSchema(): Record<string, unknown> {
  const { $schema, $id, title, description, ...body } = experimentJsonSchema();
  return { $schema, $id, title, description, if: { required: ['extends'] }, then: withoutRequired(body), else: body };
}

const schemaDefault = <T>(s: TSchema): T => (s as { default?: unknown }).default as T;

/** The defaults the schema states, read out of it for resolve (so each value is written once, in the schema above). */
export const DEFAULTS = {
  seed: schemaDefault<number>(ExperimentSchema.properties.seed),
  samples: schemaDefault<number>(COMMON_DATA.samples),
  normalize: schemaDefault<'none' | 'standard' | 'minmax'>(normalize),
  optimizer: schemaDefault<string>(CompileSchema.properties.optimizer),
  metrics: schemaDefault<string[]>(CompileSchema.properties.metrics),
  fit: {
    epochs: schemaDefault<number>(FitSchema.properties.epochs),
    batch_size: schemaDefault<number>(FitSchema.properties.batch_size),
    validation_split: schemaDefault<number>(FitSchema.properties.validation_split),
    shuffle: schemaDefault<boolean>(FitSchema.properties.shuffle),
  },
  early_stopping: {
    monitor: schemaDefault<string>(EarlyStoppingSchema.properties.monitor),
    patience: schemaDefault<number>(EarlyStoppingSchema.properties.patience),
    min_delta: schemaDefault<number>(EarlyStoppingSchema.properties.min_delta),
    restore_best_weights: schemaDefault<boolean>(EarlyStoppingSchema.properties.restore_best_weights),
  },
};
