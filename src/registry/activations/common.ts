/** What every activation entry holds: its tfjs name, output range, fused form and Keras formula. */
import type { Entry } from '../entry.js';
import type { FusedActivation } from '../fused/types.js';

/** What a dense layer's `activation` option takes in tfjs: a registered class name. */
export type ActivationEntry = Entry<Record<string, never>, string> & {
  /** Output range, used by validation to match losses and labels. */
  readonly range: 'unbounded' | 'sign' | 'unit' | 'positive' | 'simplex';
  /**
   * The same function on typed arrays for the fused engine: forward as tfjs's cpu kernels
   * compute it, backward as tfjs's autodiff differentiates the ops the tfjs builder uses
   * (so the gradient at kinks and the float32 constants match too).
   */
  readonly fused: FusedActivation;
  /** Keras's formula in float64 on one row, for the registry test (tfjs must agree to 1e-5). */
  readonly reference: (x: readonly number[]) => number[];
  /** How model.json stores it, when not under its own name (a stock tfjs layer after a linear one). */
  readonly savedAs?: { readonly activation: string; readonly nextLayer: Record<string, unknown> };
};

/** An activation tfjs knows by `tfName`, with no parameters. */
export function activation(
  e: Omit<ActivationEntry, 'params' | 'build' | 'aliases'> & { tfName: string; aliases?: string[] },
): ActivationEntry {
  const { tfName, aliases = [], ...rest } = e;
  return { ...rest, aliases, params: {}, build: () => tfName };
}

/** Element-wise map of a row, for the reference formulas. */
export const each = (f: (v: number) => number) => (x: readonly number[]): number[] => x.map(f);
