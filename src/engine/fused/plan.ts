/**
 * Which engine trains an experiment. `tfjs` is the general path (any layer,
 * tfjs's autodiff and optimizers); `fused` compiles Sequential stacks of
 * dense, conv1d/conv2d, max pooling, flatten, reshape, activation and
 * dropout layers to a typed-array loop (kinds.ts), and applies
 * only when every piece has a fused form in its registry entry. `auto` picks
 * fused where it applies. The choice is a pure function of the resolved
 * experiment, so the up-to-date check can ask it before anything loads.
 * Loads no tfjs.
 */
import type { ResolvedExperiment } from '../../load/resolve.js';
import { activations } from '../../registry/activations/index.js';
import { layers } from '../../registry/layers/index.js';
import { losses } from '../../registry/losses/index.js';
import { metrics } from '../../registry/metrics/index.js';
import { optimizers } from '../../registry/optimizers/index.js';
import { BackendError } from '../tf.js';

import type { EngineChoice } from '../choices.js';
export type { EngineChoice } from '../choices.js';
export type EngineName = 'tfjs' | 'fused';

/** `--engine fused` for an experiment the fused engine cannot run. (A BackendError: the CLI reports it the same way.) */
export class EngineError extends BackendError {}

/** Why the fused engine cannot run `x`, or null when it can. */
export function fusedUnsupported(x: ResolvedExperiment): string | null {
  let weighted = 0;
  for (const [i, spec] of x.model.entries()) {
    const kind = layers.get(spec.type)?.fused;
    if (!kind) return `layer ${i + 1} (${spec.type}) has no fused form`;
    if (kind === 'dense' || kind === 'activation' || kind === 'conv') {
      const a = activations.get((spec.activation as string | undefined) ?? 'linear');
      if (!a?.fused) return `activation ${String(spec.activation)} has no fused form`;
    }
    if (kind === 'dense' || kind === 'conv') {
      weighted++;
      if (spec.activity_regularizer) return 'activity_regularizer runs on tfjs only';
    }
  }
  if (weighted === 0) return 'the model has no dense or convolution layer';
  if (!losses.get(x.compile.loss.type)?.fused) return `loss ${x.compile.loss.type} has no fused form`;
  if (!optimizers.get(x.compile.optimizer.type)?.fused) return `optimizer ${x.compile.optimizer.type} has no fused form`;
  for (const m of x.compile.metrics) {
    const e = metrics.get(m);
    if (!e || (e.kind === 'mean' && !e.fused)) return `metric ${m} has no fused form`;
  }
  return null;
}

/** The engine that will train `x` for a given choice; throws EngineError for `fused` when it cannot. */
export function engineFor(x: ResolvedExperiment, choice: EngineChoice = 'auto'): EngineName {
  return engineChoice(x, choice).engine;
}

/**
 * The engine for a choice and why, in a few words (`--json` prints it as `engine_reason`). The
 * rule of `auto`: fused wherever every layer, the loss, the optimizer and the metrics have a
 * fused form, since its per-step cost is far below tfjs's at every size measured (BENCHMARKS.md:
 * per-op bookkeeping dominates tfjs at small sizes, and its cpu/wasm kernels trail the SIMD
 * products at large ones); tfjs otherwise. tfjs-node is not installable here, so no cost model
 * weighs fused against it yet.
 */
export function engineChoice(x: ResolvedExperiment, choice: EngineChoice = 'auto'): { engine: EngineName; reason: string } {
  if (choice === 'tfjs') return { engine: 'tfjs', reason: '--engine tfjs' };
  const why = fusedUnsupported(x);
  if (why === null) return { engine: 'fused', reason: choice === 'fused' ? '--engine fused' : 'auto: every layer, the loss, the optimizer and the metrics have a fused form' };
  if (choice === 'fused') throw new EngineError(`--engine fused cannot train ${x.name}: ${why}; use --engine auto or tfjs`);
  return { engine: 'tfjs', reason: `auto: ${why}` };
}
