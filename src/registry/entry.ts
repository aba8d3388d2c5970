/**
 * One registry entry per name: its parameter schema (TypeBox), its Keras-style
 * snake_case name, aliases, and the builders that turn it into an engine object.
 * The JSON Schema, the TS types, the CLI's lists and the docs derive from these.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';

export type Tf = typeof TF;

/**
 * What a builder receives: an entry's parameters typed from their TypeBox schemas (a number
 * schema gives a number, an Optional one may be absent), defaults filled in by resolve.
 */
export type Params<P extends TProperties> = Static<TObject<P>>;

export interface EntryBase<P extends TProperties = TProperties> {
  /** Canonical Keras-style snake_case name. */
  readonly name: string;
  /** Other accepted spellings (Keras aliases, Keras 1 names). */
  readonly aliases?: readonly string[];
  /** One line for the docs and `--help`. */
  readonly doc: string;
  /** Parameters accepted in the object form (`{type: name, ...params}`). */
  readonly params: P;
}

export interface Entry<P extends TProperties = TProperties, B = unknown> extends EntryBase<P> {
  /**
   * Builds the engine object; `params` has defaults filled in. Method syntax on purpose: its
   * parameter is checked bivariantly, so entries with different parameters share one registry.
   * A kind declares its entries through a generic helper (`optimizer(...)`, `layer(...)`) so `P`
   * is inferred from `params` and `build` reads `p.units` as a number, without a cast.
   */
  build(tf: Tf, params: Params<P>): B;
}

export interface Registry<E extends EntryBase> {
  readonly kind: string;
  readonly entries: readonly E[];
  /** Canonical names, in declaration order. */
  readonly names: readonly string[];
  /** Every accepted spelling (names and aliases). */
  readonly spellings: readonly string[];
  /** Resolves a name or alias to its entry, or undefined. */
  get(name: string): E | undefined;
  /** Resolves a name or alias to its canonical name (throws on unknown). */
  canonical(name: string): string;
}

export function makeRegistry<E extends EntryBase>(kind: string, entries: readonly E[]): Registry<E> {
  const byName = new Map<string, E>();
  for (const e of entries) {
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      if (byName.has(n)) throw new Error(`${kind} registry: duplicate name ${n}`);
      byName.set(n, e);
    }
  }
  return {
    kind,
    entries,
    names: entries.map((e) => e.name),
    spellings: [...byName.keys()],
    get: (name) => byName.get(name),
    canonical(name) {
      const e = byName.get(name);
      if (!e) throw new Error(`unknown ${kind}: ${name}`);
      return e.name;
    },
  };
}

/** The string form of a registry reference: any accepted spelling. */
export function nameSchema(reg: Registry<EntryBase>, description?: string): TSchema {
  return Type.Unsafe<string>({
    type: 'string',
    enum: [...reg.spellings],
    description: description ?? `a ${reg.kind} name`,
    'x-registry': reg.kind,
  });
}

/**
 * The parameters of `given` that `params` declares, each given value or else its schema default.
 * Typed as the entry's `Params<P>`: `given` is what the schema validated, so the required keys
 * are there (this is the one place that trusts it).
 */
export function defaults<P extends TProperties>(params: P, given: Record<string, unknown>): Params<P> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(params)) {
    if (given[k] !== undefined) out[k] = given[k];
    else if ((s as { default?: unknown }).default !== undefined) out[k] = (s as { default?: unknown }).default;
  }
  return out as Params<P>;
}
