/**
 * What every optimizer entry shares: the entry type (the tfjs builder, the fused form, the rule
 * written out once and its float64 reference), the Keras 2 parameter schemas, and Keras 2's
 * learning-rate decay.
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { Entry, Params } from '../entry.js';
import type { FusedOptimizer, FusedOptimizerContext } from '../fused/types.js';
import { f32 } from '../fused/math.js';

export { f32 };

/** A float64 model of the rule over `n` weights: `step` updates `w` in place from gradient `g`. */
export type Reference = (w: number[], g: number[]) => void;

export interface OptimizerEntry<P extends TProperties = TProperties> extends Entry<P, TF.Optimizer> {
  /** The same update rule on typed arrays for the fused engine. */
  fused(params: Params<P>, size: number, ctx: FusedOptimizerContext): FusedOptimizer;
  /**
   * For a fused form that can update in WebAssembly: how many parameter-sized state arrays it
   * wants in the kernels' memory (ctx.wasm.state). Absent: the form keeps its own arrays in JS.
   */
  fusedSlots?(params: Params<P>): number;
  /** The update rule as Keras 2 (keras/optimizers.py 2.2/2.3) states it, one line. */
  readonly rule: string;
  /** Where tf.keras 2.x and Keras 3 differ from Keras 2 (defaults and rule). */
  readonly elsewhere: string;
  /**
   * The rule written out plainly in float64 for `n` weights, independent of `build` and `fused`
   * (the registry tests run both against it); with `examples`, the parameter sets they try
   * (besides the defaults), chosen so every option and term shows.
   */
  reference(params: Params<P>, n: number): Reference;
  readonly examples: readonly Partial<Params<P>>[];
}

/** Declares an optimizer with its parameter types inferred from `params` (no casts in its builders). */
export const optimizer = <P extends TProperties>(e: OptimizerEntry<P>): OptimizerEntry<P> => e;

export const lr = (d: number) => Type.Number({ exclusiveMinimum: 0, default: d, description: 'step size' });
export const unit = (d: number, description: string) =>
  Type.Number({ minimum: 0, exclusiveMaximum: 1, default: d, description });
export const eps = () =>
  Type.Number({ exclusiveMinimum: 0, default: 1e-7, description: 'numerical stability term (Keras 2: K.epsilon())' });
export const decay = () =>
  Type.Number({ minimum: 0, default: 0, description: 'learning-rate decay: lr / (1 + decay * iterations)' });

/**
 * Keras 2's decayed learning rate for the fused forms: call `next()` once per step; it returns
 * lr / (1 + decay * iterations) with iterations counted before this step (0 on the first),
 * as a float64 (callers round it where tfjs holds it as a float32 scalar).
 */
export function decayedRate(p: { learning_rate: number; decay?: number }): () => number {
  const rate = p.learning_rate, d = p.decay ?? 0;
  let iterations = 0;
  return () => rate / (1 + d * iterations++);
}

export const zeros = (n: number) => new Array<number>(n).fill(0);
