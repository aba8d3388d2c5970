/**
 * What every optimizer entry shares: the entry type (the tfjs builder, the fused form and the
 * rule written out once), the Keras 2 parameter schemas, and Keras 2's learning-rate decay.
 */
import { Type, type TProperties } from '@sinclair/typebox';
import type * as TF from '@tensorflow/tfjs';
import type { Entry } from '../entry.js';
import type { FusedOptimizerFactory } from '../fused/types.js';
import { f32 } from '../fused/math.js';

export { f32 };

export type OptimizerEntry = Entry<TProperties, Promise<TF.Optimizer>> & {
  /** The same update rule on typed arrays for the fused engine. */
  readonly fused: FusedOptimizerFactory;
  /** The update rule as Keras 2 (keras/optimizers.py 2.2/2.3) states it, one line. */
  readonly rule: string;
  /** Where tf.keras 2.x and Keras 3 differ from Keras 2 (defaults and rule). */
  readonly elsewhere: string;
};

export type P = Record<string, unknown>;
export const num = (p: P, k: string): number => (typeof p[k] === 'number' ? (p[k] as number) : 0);

export const lr = (d: number) => Type.Number({ exclusiveMinimum: 0, default: d, description: 'step size' });
export const unit = (d: number, description: string) =>
  Type.Number({ minimum: 0, exclusiveMaximum: 1, default: d, description });
export const eps = () =>
  Type.Number({ exclusiveMinimum: 0, default: 1e-7, description: 'numerical stability term (Keras 2: K.epsilon())' });
export const decay = () =>
  Type.Number({ minimum: 0, default: 0, description: 'learning-rate decay: lr / (1 + decay * iterations)' });

/** The one-line form of Keras 2's time-based decay, for the rules. */
export const DECAY_RULE = 'lr = learning_rate / (1 + decay * iterations)';

/**
 * Keras 2's decayed learning rate for the fused forms: call `next()` once per step; it returns
 * lr / (1 + decay * iterations) with iterations counted before this step (0 on the first),
 * as a float64 (callers round it where tfjs holds it as a float32 scalar).
 */
export function decayedRate(p: P): () => number {
  const rate = num(p, 'learning_rate'), d = num(p, 'decay');
  let iterations = 0;
  return () => rate / (1 + d * iterations++);
}

/** Builds one of engine/keras2-rules.ts's optimizers (loaded lazily: the registry loads no tfjs). */
export async function keras2(name: 'Keras2SGD' | 'Keras2RMSprop' | 'Keras2Adagrad' | 'Keras2Adadelta' | 'Keras2Adam' | 'Keras2Adamax', p: P): Promise<TF.Optimizer> {
  const rules = await import('../../engine/keras2-rules.js');
  const params: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(p)) if (typeof v === 'number' || typeof v === 'boolean') params[k] = v;
  return new rules[name](params) as unknown as TF.Optimizer;
}
