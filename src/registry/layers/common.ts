/**
 * What every layer entry is: its parameters, its tfjs builder, its shape rule (Keras's output
 * shape and parameter count, checked at validation), and what it is to the fused engine.
 * Every layer also takes `name`, and the first one `input_dim`/`input_shape` (COMMON_LAYER_PARAMS);
 * a parameter with a default is optional.
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { EntryBase, Params, Tf } from '../entry.js';
import type { FusedLayerKind } from '../fused/types.js';
import type { Shape, ShapeResult } from './shape.js';

export const COMMON_LAYER_PARAMS = {
  name: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'layer name (sweep paths may use it)' })),
  input_shape: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, description: 'first layer only: input shape without the batch axis' })),
};
const INPUT_DIM = { input_dim: Type.Optional(Type.Integer({ minimum: 1, description: 'first layer only: input width; default: the data\'s feature count' })) };

/** What a builder reads besides its own parameters. */
export type Named = { name?: string };

export interface LayerEntry<P extends TProperties = TProperties> extends EntryBase<P> {
  /** `inputShape` is set on the first layer only. */
  build(tf: Tf, p: Params<P> & Named, inputShape?: number[]): TF.layers.Layer;
  /** The output shape and parameter count for an input shape (no batch axis), or the problem. */
  shape(input: Shape, p: Params<P>): ShapeResult;
  /** Output width for layers that set it (used to check against the labels). */
  units?(p: Params<P>): number | undefined;
  /** Whether `input_dim` means the input width (false for embedding, where it is the vocabulary). */
  readonly takesInputDim: boolean;
  /** What the layer is to the fused engine; layers without it run on tfjs only. */
  readonly fused?: FusedLayerKind;
  /**
   * Inputs (no batch axis) and parameters its tests try: the registry tests build each with tfjs
   * and hold `shape` to tfjs's output shape and parameter count. Chosen so every option shows.
   */
  readonly examples: readonly { input: Shape; params: Partial<Params<P>> }[];
}

type LayerDef<P extends TProperties> = Omit<LayerEntry<P>, 'takesInputDim'> & { takesInputDim?: false };

/** Declares a layer with its parameter types inferred from `params`; `input_dim` is added unless it means something else. */
export function layer<P extends TProperties>(e: LayerDef<P>): LayerEntry<P> {
  const params = e.takesInputDim === false ? e.params : { ...INPUT_DIM, ...e.params };
  return { ...e, takesInputDim: e.takesInputDim ?? true, params };
}

/** The tfjs options every layer shares: the first layer's input shape and the layer's name. */
export const common = (p: Named, inputShape?: number[]) => ({
  ...(inputShape ? { inputShape } : {}),
  ...(p.name ? { name: p.name } : {}),
});
